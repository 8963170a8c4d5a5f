import {
  encodeVotePayload,
  VOTE_ALGORITHMS,
  type VotePayload,
  VotePayloadSchema,
  verifyVoteSignature,
  votePayloadDigest,
} from "@qrg/verify";
import { z } from "zod";
import type { VoteSigner } from "./signer.ts";

/** A node's answer to a job: the payload it computed and its signature over the canonical payload. */
export const SignedVoteSchema = z.object({
  node_id: z.string().min(1),
  key_id: z.string().min(1),
  algorithm: z.enum(VOTE_ALGORITHMS as [string, ...string[]]),
  payload: VotePayloadSchema,
  payload_digest: z.string(),
  signature_b64: z.string().min(1),
});

export type SignedVote = Omit<z.output<typeof SignedVoteSchema>, "algorithm"> & {
  algorithm: VoteSigner["algorithm"];
};

export async function signVote(
  nodeId: string,
  payload: VotePayload,
  signer: VoteSigner,
): Promise<SignedVote> {
  const signature = await signer.sign(encodeVotePayload(payload));
  return {
    node_id: nodeId,
    key_id: signer.keyId,
    algorithm: signer.algorithm,
    payload,
    payload_digest: votePayloadDigest(payload),
    signature_b64: Buffer.from(signature).toString("base64"),
  };
}

/** True when the vote's signature verifies with `publicKeyPem` and its digest matches its payload. */
export function verifyVote(vote: SignedVote, publicKeyPem: string): boolean {
  if (votePayloadDigest(vote.payload) !== vote.payload_digest) return false;
  return verifyVoteSignature(
    vote.algorithm,
    publicKeyPem,
    encodeVotePayload(vote.payload),
    Buffer.from(vote.signature_b64, "base64"),
  );
}
