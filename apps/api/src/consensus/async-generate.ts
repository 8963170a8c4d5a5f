import { randomUUID } from "node:crypto";
import { CONSENSUS_TIMEOUT_FACTOR, type GenerateCall, type QRGAdapter } from "@qrg/core";
import { resolveOptions } from "@qrg/schema";
import { toProblem } from "../problem.ts";
import type { MeshConsensusService } from "./mesh-consensus.ts";

/** RFC 7240: does the `Prefer` header ask for `respond-async`? */
export function prefersAsync(prefer: string | undefined): boolean {
  return (prefer ?? "")
    .split(",")
    .some((preference) => preference.split(";")[0]?.trim().toLowerCase() === "respond-async");
}

export interface AcceptedJob {
  job_id: string;
  state: "submitted";
  /** `/api/v1/qrg/jobs/{job_id}`: the job's state, votes and, once completed, its response. */
  location: string;
}

/**
 * Starts a consensus generation without waiting for it: the job record exists before this returns, and
 * whatever the generation ends with (the response, or the problem a synchronous caller would have got)
 * lands in it. The request's own abort signal is not passed on: the caller is not waiting.
 */
export async function generateAsync(
  adapter: QRGAdapter,
  mesh: MeshConsensusService,
  call: Omit<GenerateCall, "signal" | "consensusJobId">,
): Promise<AcceptedJob> {
  const jobId = randomUUID();
  const timeoutMs = CONSENSUS_TIMEOUT_FACTOR * resolveOptions(call.request.options).timeout_ms;
  await mesh.coordinator.recordSubmitted(jobId, timeoutMs);
  void adapter.generate({ ...call, consensusJobId: jobId }).catch(async (error: unknown) => {
    // The mesh's own record of the job ends first; the problem is added to it.
    await mesh.settled(jobId);
    const { status, body } = toProblem(error);
    await mesh.coordinator.recordProblem(jobId, { status, body }, timeoutMs).catch(() => {});
  });
  return { job_id: jobId, state: "submitted", location: `/api/v1/qrg/jobs/${jobId}` };
}
