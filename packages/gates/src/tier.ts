import type { Principal } from "@qrg/core";
import type { QRGRequest } from "@qrg/schema";

/**
 * The tier a request is judged at: the token's tier, lowered by context.tier_level when the request asks for
 * less (the API already refuses a tier_level above the token's).
 */
export function effectiveTier(principal: Principal, request: QRGRequest): number {
  const declared = request.context?.tier_level;
  return declared === undefined ? principal.tier : Math.min(principal.tier, declared);
}
