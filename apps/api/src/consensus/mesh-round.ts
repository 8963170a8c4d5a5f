import type { AgreedResult, ConsensusOutcome, JobRecord } from "@qrg/consensus";
import { responseMatchesPayload } from "@qrg/consensus";
import {
  type ConsensusAgreement,
  type GateName,
  type MeshRound,
  QRGConsensusError,
  QRGSafetyRejection,
} from "@qrg/core";
import type { QRGResponse } from "@qrg/schema";

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
  return { promise, resolve, reject };
}

/** What the coordinator's job needs from the round (its commit step waits on the service). */
export interface RoundLink {
  /** Resolves once a quorum agreed; the service then compares and commits. */
  quorum: Deferred<AgreedResult>;
  /** Resolves with the committed response, or rejects when the service gave up. */
  committed: Deferred<QRGResponse>;
}

export function createRoundLink(): RoundLink {
  return { quorum: deferred(), committed: deferred() };
}

/** The record's numbers as a consensus error carries them (they become problem+json fields). */
export function consensusError(outcome: ConsensusOutcome<unknown>): QRGConsensusError {
  const { record } = outcome;
  const code = outcome.status === "timeout" ? "consensus_timeout" : "consensus_failed";
  return new QRGConsensusError(
    code,
    record.error?.detail ?? `consensus job ${record.job_id} ${outcome.status}`,
    {
      job_id: record.job_id,
      participants: record.participants ?? 0,
      agreement_score: record.agreement_score ?? 0,
      dissenting: record.dissenting ?? [],
    },
  );
}

/**
 * One consensus job from the service's side. `agree` waits for the quorum (or the job's end), then checks
 * that the quorum agreed with this service's own response: a quorum of gate rejections is a rejection here
 * too, and a quorum on another artifact means this service is the odd one out, so nothing is committed.
 */
export class MeshJobRound implements MeshRound {
  readonly jobId: string;
  readonly #link: RoundLink;
  readonly #outcome: Promise<ConsensusOutcome<QRGResponse>>;
  readonly #certificateRef: (qrgId: string) => string;

  constructor(
    jobId: string,
    link: RoundLink,
    outcome: Promise<ConsensusOutcome<QRGResponse>>,
    certificateRef: (qrgId: string) => string,
  ) {
    this.jobId = jobId;
    this.#link = link;
    this.#outcome = outcome;
    this.#certificateRef = certificateRef;
  }

  async agree(response: QRGResponse): Promise<ConsensusAgreement> {
    const first = await Promise.race([
      this.#link.quorum.promise.then((agreed) => ({ agreed })),
      this.#outcome.then((outcome) => ({ outcome })),
    ]);
    if ("outcome" in first) {
      // The job ended without calling commit: no quorum, or past the job timeout.
      const error = consensusError(first.outcome);
      this.abandon(error);
      throw error;
    }
    const { agreed } = first;
    const { payload } = agreed;
    if (payload.outcome === "rejected") {
      const [gate, verdict] = Object.entries(payload.gates)[0] ?? [];
      const error = new QRGSafetyRejection(
        (gate ?? "ConstitutionalGatekeeper") as GateName,
        verdict?.rule ?? "unspecified",
        `a quorum of ${agreed.agreeing.length} mesh nodes rejected the request`,
        verdict?.score ?? 1,
      );
      this.abandon(error);
      throw error;
    }
    if (!responseMatchesPayload(response, this.jobId, agreed.certificate.payload_digest)) {
      const error = new QRGConsensusError(
        "consensus_failed",
        "the mesh's quorum agreed on a result that differs from this service's own: nothing was committed",
        {
          job_id: this.jobId,
          participants: agreed.record.participants ?? agreed.agreeing.length,
          agreement_score: agreed.record.agreement_score ?? 0,
          dissenting: agreed.record.dissenting ?? [],
        },
      );
      this.abandon(error);
      throw error;
    }
    return {
      required: true,
      participants: agreed.record.participants ?? agreed.agreeing.length,
      agreement_score: agreed.record.agreement_score ?? 0,
      job_id: this.jobId,
      certificate_ref: this.#certificateRef(response.qrg_id),
      certificate: agreed.certificate,
    };
  }

  completed(response: QRGResponse): void {
    this.#link.committed.resolve(response);
  }

  abandon(error: unknown): void {
    this.#link.quorum.reject(error);
    this.#link.committed.reject(error);
  }
}

export type { JobRecord };
