import { createPublicKey, verify } from "node:crypto";

/**
 * Verifies an audit checkpoint signature with a PEM public key. Checkpoints are signed with the service's
 * Ed25519 key; ECDSA P-256 (DER signatures, as the key ring produces) is accepted for rings configured so.
 */
export function verifyWithPublicKey(
  pem: string,
  algorithm: string,
  payload: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = createPublicKey(pem);
  if (algorithm === "ed25519") return verify(null, payload, key, signature);
  if (algorithm === "ecdsa-p256") return verify("sha256", payload, { key, dsaEncoding: "der" }, signature);
  return false;
}
