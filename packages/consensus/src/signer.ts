import { createPublicKey, type KeyObject, sign as nodeSign } from "node:crypto";
import { type VoteAlgorithm, voteDigestFor } from "@qrg/verify";

/** How a node signs its votes. The node passes its own key; nothing here knows where keys live. */
export interface VoteSigner {
  keyId: string;
  algorithm: VoteAlgorithm;
  /** SPKI PEM of the public half, registered in the mesh so anyone can verify the node's votes. */
  publicKeyPem: string;
  sign(bytes: Uint8Array): Promise<Uint8Array>;
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
    sign: async (bytes) => new Uint8Array(nodeSign(voteDigestFor(algorithm), bytes, privateKey)),
  };
}
