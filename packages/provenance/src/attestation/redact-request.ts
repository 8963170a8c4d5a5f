import { hashBytes } from "@qrg/core";
import type { QRGRequest } from "@qrg/schema";

/** The request as it appears in a Statement: every field but `seed`, which is replaced by `seed_digest`. */
export type RedactedRequest = Omit<QRGRequest, "seed"> & { seed_digest: string };

const utf8 = new TextEncoder();

/**
 * Replaces the raw seed by its sha256 digest. The seed is the user's secret input for deterministic
 * generation; an attestation is public, so it may only commit to the seed, never carry it.
 */
export function redactRequest(request: QRGRequest): RedactedRequest {
  const { seed, ...rest } = request;
  return { ...rest, seed_digest: hashBytes("sha256", utf8.encode(seed)) };
}
