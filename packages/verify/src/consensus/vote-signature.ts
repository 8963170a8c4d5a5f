import { createPublicKey, verify as nodeVerify } from "node:crypto";

/** Signature algorithms a mesh node's vote key may use. ECDSA signatures are DER-encoded over SHA-256. */
export type VoteAlgorithm = "ed25519" | "ecdsa-p256" | "ml-dsa-87";

export const VOTE_ALGORITHMS: readonly VoteAlgorithm[] = ["ed25519", "ecdsa-p256", "ml-dsa-87"];

/** The digest node:crypto signs and verifies with for `algorithm` (null: the algorithm hashes itself). */
export function voteDigestFor(algorithm: VoteAlgorithm): string | null {
  return algorithm === "ecdsa-p256" ? "sha256" : null;
}

/** Verifies `signature` over `bytes` with a PEM public key; false (never a throw) for a malformed key or signature. */
export function verifyVoteSignature(
  algorithm: VoteAlgorithm,
  publicKeyPem: string,
  bytes: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return nodeVerify(voteDigestFor(algorithm), bytes, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}
