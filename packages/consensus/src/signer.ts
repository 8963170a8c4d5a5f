import { createPublicKey, type KeyObject, sign as nodeSign, verify as nodeVerify } from "node:crypto";

/** Signature algorithms a node key may use. ECDSA signatures are DER-encoded over SHA-256. */
export type VoteAlgorithm = "ed25519" | "ecdsa-p256" | "ml-dsa-87";

export const VOTE_ALGORITHMS: readonly VoteAlgorithm[] = ["ed25519", "ecdsa-p256", "ml-dsa-87"];

/** How a node signs its votes. The node passes its own key; nothing here knows where keys live. */
export interface VoteSigner {
  keyId: string;
  algorithm: VoteAlgorithm;
  /** SPKI PEM of the public half, registered in the mesh so anyone can verify the node's votes. */
  publicKeyPem: string;
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

function digestFor(algorithm: VoteAlgorithm): string | null {
  return algorithm === "ecdsa-p256" ? "sha256" : null;
}

/** A signer over a node:crypto private key (Ed25519, P-256 or ML-DSA-87). */
export function createKeyObjectSigner(options: {
  keyId: string;
  algorithm: VoteAlgorithm;
  privateKey: KeyObject;
}): VoteSigner {
  const { keyId, algorithm, privateKey } = options;
  const publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  return {
    keyId,
    algorithm,
    publicKeyPem,
    sign: async (bytes) => new Uint8Array(nodeSign(digestFor(algorithm), bytes, privateKey)),
  };
}

/** Verifies `signature` over `bytes` with a PEM public key; false (never a throw) for a malformed key or signature. */
export function verifyVoteSignature(
  algorithm: VoteAlgorithm,
  publicKeyPem: string,
  bytes: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    return nodeVerify(digestFor(algorithm), bytes, key, signature);
  } catch {
    return false;
  }
}
