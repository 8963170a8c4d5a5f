import type { Principal } from "@qrg/core";
import { z } from "zod";

/** Lambda ID token claims QRG relies on. */
export const LambdaIdClaimsSchema = z.object({
  sub: z.string().regex(/^lid:[a-zA-Z0-9_-]+$/, "sub must be a Lambda ID (lid:…)"),
  tier: z.int().min(1).max(5),
  consent: z.array(z.string()).default([]),
  /** OAuth-style space-separated scopes (RFC 8693 `scope`), e.g. "auditor". */
  scope: z.string().max(1024).optional(),
});

export function toPrincipal(payload: unknown): Principal {
  const claims = LambdaIdClaimsSchema.parse(payload);
  const scopes = claims.scope?.split(" ").filter(Boolean) ?? [];
  return {
    sub: claims.sub,
    tier: claims.tier,
    consent: claims.consent,
    ...(scopes.length ? { scopes } : {}),
  };
}
