import { createHash } from "node:crypto";
import { canonicalJsonBytes } from "@qrg/core";
import { z } from "zod";

const digestString = z.string().regex(/^(sha256|sha3-256|blake3):[a-f0-9]{64}$/);

/** One gate's verdict as honest nodes must reproduce it (status and score; reasons are prose, not votes). */
export const GateVerdictSchema = z.object({
  status: z.enum(["approved", "rejected", "flagged", "not_evaluated"]),
  score: z.number().min(0).max(1).optional(),
  rule: z.string().optional(),
});

/** An in-toto Statement subject entry: what the node's provenance attested. */
export const SubjectSchema = z.object({
  name: z.string(),
  digest: z.record(z.string(), z.string()),
});

/**
 * What a node votes for: everything honest nodes running the same code over the same data reproduce byte
 * for byte. A node with another policy, lexicon or engine produces a different payload and so dissents.
 * `outcome: rejected` is a vote too: a quorum of nodes agreeing that a gate rejects the request.
 */
export const VotePayloadSchema = z.object({
  /** Binds every signature to one job, so a vote cannot be replayed into another job's certificate. */
  job_id: z.string().min(1),
  outcome: z.enum(["generated", "rejected"]),
  /** The artifact's content hash; absent when a gate rejected the request. */
  artifact_hash: digestString.optional(),
  gates: z.record(z.string(), GateVerdictSchema),
  policy_digest: digestString,
  /** Digests of every lexicon the pipeline read, sorted (names are install paths, so they are left out). */
  lexicon_digests: z.array(digestString),
  /** The signed Statement's subject; absent when nothing was attested (a rejection). */
  subject: z.array(SubjectSchema).optional(),
});

export type GateVerdict = z.output<typeof GateVerdictSchema>;
export type VotePayload = z.output<typeof VotePayloadSchema>;

/** The bytes every node signs: RFC 8785 canonical JSON of the payload. */
export function encodeVotePayload(payload: VotePayload): Uint8Array {
  return canonicalJsonBytes(payload);
}

/** `sha256:hex` of the canonical payload: the identity by which votes are grouped. */
export function votePayloadDigest(payload: VotePayload): string {
  return `sha256:${createHash("sha256").update(encodeVotePayload(payload)).digest("hex")}`;
}
