import type { GenerateCall, Principal } from "@qrg/core";
import type { QRGRequestInput } from "@qrg/schema";

export const principal: Principal = { sub: "lid:tester_1", tier: 4, consent: ["consciousness"] };

/** A generate call for `request` fields over a valid default request. */
export function call(request: Partial<QRGRequestInput> = {}, signal?: AbortSignal): GenerateCall {
  return {
    request: {
      user_id: "lid:tester_1",
      seed: "quantum-seed-2025-11-10-xyz",
      ...request,
    } as GenerateCall["request"],
    principal,
    signal,
  };
}
