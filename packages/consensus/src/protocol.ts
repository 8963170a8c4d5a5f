import { z } from "zod";
import { type SignedVote, SignedVoteSchema } from "./vote.ts";

/** What the coordinator puts in each node's queue. */
export const MeshJobDataSchema = z.object({
  job_id: z.string().min(1),
  attempt: z.int().min(1),
  /** After this instant a node drops the job instead of working on it (ISO 8601). */
  deadline_at: z.iso.datetime({ offset: true }),
  /** The generation request, as the API received it. */
  request: z.unknown(),
  /** W3C trace context of the caller (traceparent, tracestate), so each node's spans join the caller's trace. */
  trace: z.record(z.string(), z.string()).optional(),
});
export type MeshJobData = z.output<typeof MeshJobDataSchema>;

/** What a node answers: its signed vote and whatever its pipeline returned beside the payload. */
export const MeshJobResultSchema = z.object({
  vote: SignedVoteSchema,
  result: z.unknown().optional(),
});
export interface MeshJobResult {
  vote: SignedVote;
  result?: unknown;
}
