import type { QRGResponse } from "@qrg/schema";
import type { GenerateCall } from "./adapter.ts";
import type { EntropyUsed } from "./artifact.ts";

/** What the response's `provenance.consensus` says once a quorum agreed. */
export interface ConsensusAgreement {
  required: true;
  /** Nodes that answered with a valid vote. */
  participants: number;
  /** Largest agreeing group / nodes asked. */
  agreement_score: number;
  job_id: string;
  /** Where the quorum certificate is kept (inside the stored record). */
  certificate_ref: string;
  /** The quorum certificate: the agreed vote payload and each agreeing node's signature over it. */
  certificate: unknown;
}

export interface MeshRoundInput {
  /** The qrg_id this service gives the artifact; every node attests the same one. */
  qrgId: string;
  call: GenerateCall;
  /** The entropy this service drew, so every node generates from the same bytes. */
  entropy: EntropyUsed;
  /** The whole job's budget (3 × timeout_ms). */
  timeoutMs: number;
}

/** One consensus job, running on the mesh while this service generates its own result. */
export interface MeshRound {
  readonly jobId: string;
  /**
   * Waits for the mesh and checks that the quorum agreed with `response`. Throws QRGConsensusError
   * (`consensus_failed`, `consensus_timeout`), or a QRGSafetyRejection when a quorum of nodes rejected.
   */
  agree(response: QRGResponse): Promise<ConsensusAgreement>;
  /** The agreed response is durable: the job completes. */
  completed(response: QRGResponse): void;
  /** This service gave up (its own gate rejected, the store failed): nothing was committed. */
  abandon(error: unknown): void;
}

/** Mesh consensus: hands a request to N independent nodes and certifies what a quorum of them agrees on. */
export interface MeshConsensus {
  begin(input: MeshRoundInput): MeshRound;
}
