import { canonicalJsonBytes, hashBytes } from "@qrg/core";
import type { QRGRequest } from "@qrg/schema";

/**
 * The request as a Statement carries it: no personal field in the clear, so the attestation can be shown
 * to anyone who verifies it.
 * - `owner_digest` lets the service (which knows the caller's subject) decide ownership; bound to the
 *   qrg_id, so one user's artifacts cannot be linked to each other by it.
 * - `seed_digest` commits to the seed (high entropy: the digest cannot be reversed by guessing).
 * - `request_digest` commits to the whole minimised request (user_id, seed digest, context with the
 *   intent as a digest and consciousness_state only when the caller passed it, options); it includes the
 *   seed digest, so guessing low-entropy fields such as languages cannot confirm them. The owner, who
 *   holds the request, recomputes it with `minimisedRequestDigest`.
 */
export interface RedactedRequest {
  owner_digest: string;
  seed_digest: string;
  request_digest: string;
  tier_level?: number;
}

const utf8 = new TextEncoder();
const sha256 = (text: string) => hashBytes("sha256", utf8.encode(text));

/** The digest that ties an artifact to its owner without naming them. */
export function ownerDigest(qrgId: string, userId: string): string {
  return sha256(`qrg-owner\n${qrgId}\n${userId}`);
}

/** The request with the seed and intent replaced by their digests (what `request_digest` covers). */
export function minimiseRequest(request: QRGRequest): Record<string, unknown> {
  const { seed, context, ...rest } = request;
  const minimised: Record<string, unknown> = { ...rest, seed_digest: sha256(seed) };
  if (context) {
    const { intent, ...others } = context;
    minimised.context = intent === undefined ? others : { ...others, intent_digest: sha256(intent) };
  }
  return minimised;
}

/** sha256 over the RFC 8785 canonical JSON of the minimised request. */
export function minimisedRequestDigest(request: QRGRequest): string {
  return hashBytes("sha256", canonicalJsonBytes(minimiseRequest(request)));
}

/**
 * The Statement's form of the request. Callers pass the request with `consciousness_state` removed
 * unless the user consented to consciousness-aware processing.
 */
export function redactRequest(request: QRGRequest, qrgId: string): RedactedRequest {
  const tier = request.context?.tier_level;
  return {
    owner_digest: ownerDigest(qrgId, request.user_id),
    seed_digest: sha256(request.seed),
    request_digest: minimisedRequestDigest(request),
    ...(tier !== undefined ? { tier_level: tier } : {}),
  };
}
