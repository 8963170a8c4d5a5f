import { randomUUID } from "node:crypto";
import type { ConsensusCoordinator, ConsensusOutcome, VoteSummary } from "@qrg/consensus";
import { type MeshConsensus, type MeshRound, type MeshRoundInput, QRGUnavailableError } from "@qrg/core";
import type { QRGResponse } from "@qrg/schema";
import { injectTraceContext, type QrgTelemetry } from "@qrg/telemetry";
import { createRoundLink, MeshJobRound } from "./mesh-round.ts";
import type { MeshNodeRequest } from "./node-request.ts";

/** How long reading the node registry may take before the mesh counts as unavailable. */
const REGISTRY_READ_MS = 2000;

export interface MeshConsensusOptions {
  coordinator: ConsensusCoordinator;
  telemetry: QrgTelemetry;
  /** Where a response's quorum certificate can be read (inside its stored record). */
  certificateRef(qrgId: string): string;
  /** A node whose last heartbeat is older counts as down. @default 10000 */
  staleAfterMs?: number;
}

/**
 * Mesh consensus for the service: each round is a job on the coordinator, inside a `qrg.consensus` span with
 * one `qrg.consensus.vote` child per node, the trace context carried in the job so the nodes' spans join the
 * caller's trace. Counts `qrg_consensus_jobs_total{status}` and observes `qrg_consensus_agreement_score`.
 */
export class MeshConsensusService implements MeshConsensus {
  readonly coordinator: ConsensusCoordinator;
  readonly #o: MeshConsensusOptions;
  readonly #running = new Map<string, Promise<unknown>>();
  readonly #votes = new Map<string, Map<string, (summary: VoteSummary | undefined) => void>>();

  constructor(options: MeshConsensusOptions) {
    this.#o = options;
    this.coordinator = options.coordinator;
  }

  /** Routes the coordinator's vote events to the round's per-node spans (pass as the coordinator observer). */
  onVote(jobId: string, summary: VoteSummary): void {
    this.#votes.get(jobId)?.get(summary.node_id)?.(summary);
  }

  begin(input: MeshRoundInput): MeshRound {
    const jobId = input.call.consensusJobId ?? randomUUID();
    const link = createRoundLink();
    const outcome = this.#run(jobId, input, link);
    outcome.catch(() => {}); // the round's agree() reports it; a round abandoned early must not crash
    this.#running.set(jobId, outcome);
    void outcome.finally(() => this.#running.delete(jobId)).catch(() => {});
    return new MeshJobRound(jobId, link, outcome, this.#o.certificateRef);
  }

  /** Waits until the job `jobId` (if running here) has ended. */
  async settled(jobId: string): Promise<void> {
    await this.#running.get(jobId)?.catch(() => {});
  }

  async #run(
    jobId: string,
    input: MeshRoundInput,
    link: ReturnType<typeof createRoundLink>,
  ): Promise<ConsensusOutcome<QRGResponse>> {
    const { coordinator, telemetry } = this.#o;
    telemetry.consensusJob("submitted");
    let status: "completed" | "failed" | "timeout" = "failed";
    try {
      const outcome = await telemetry.span(
        "qrg.consensus",
        {
          "qrg.consensus.job_id": jobId,
          "qrg.consensus.nodes": coordinator.nodes.length,
          "qrg.consensus.quorum": coordinator.quorum,
          "qrg.qrg_id": input.qrgId,
        },
        async (span) => {
          await this.#requireLiveQuorum();
          const trace: Record<string, string> = {};
          injectTraceContext(trace);
          const voteSpans = this.#voteSpans(jobId);
          try {
            const result = await coordinator.run<QRGResponse>({
              jobId,
              qrgId: input.qrgId,
              request: nodeRequest(input),
              timeoutMs: input.timeoutMs,
              trace,
              commit: async (agreed) => {
                link.quorum.resolve(agreed);
                const response = await link.committed.promise;
                return { response, certificateRef: this.#o.certificateRef(response.qrg_id) };
              },
            });
            span.setAttributes({
              "qrg.consensus.status": result.status,
              "qrg.consensus.participants": result.record.participants ?? 0,
              "qrg.consensus.agreement_score": result.record.agreement_score ?? 0,
              "qrg.consensus.dissenting": (result.record.dissenting ?? []).join(","),
            });
            return result;
          } finally {
            await voteSpans();
          }
        },
      );
      status = outcome.status;
      if (outcome.record.agreement_score !== undefined) {
        telemetry.consensusAgreement(outcome.record.agreement_score);
      }
      return outcome;
    } finally {
      telemetry.consensusJob(status);
    }
  }

  /** One child span per node, ended when its vote arrives or the job ends; returns the function ending them. */
  #voteSpans(jobId: string): () => Promise<void> {
    const { telemetry, coordinator } = this.#o;
    const waiters = new Map<string, (summary: VoteSummary | undefined) => void>();
    this.#votes.set(jobId, waiters);
    const spans = coordinator.nodes.map((node) =>
      telemetry.span("qrg.consensus.vote", { "qrg.node_id": node }, async (span) => {
        const summary = await new Promise<VoteSummary | undefined>((resolve) => waiters.set(node, resolve));
        span.setAttributes(
          summary
            ? {
                "qrg.consensus.vote.valid": summary.valid,
                "qrg.consensus.vote.attempt": summary.attempt,
                ...(summary.payload_digest
                  ? { "qrg.consensus.vote.payload_digest": summary.payload_digest }
                  : {}),
                ...(summary.error ? { "qrg.consensus.vote.error": summary.error } : {}),
              }
            : { "qrg.consensus.vote.missing": true },
        );
      }),
    );
    return async () => {
      for (const resolve of waiters.values()) resolve(undefined);
      this.#votes.delete(jobId);
      await Promise.allSettled(spans);
    };
  }

  /** Refuses at once (503) when fewer than a quorum of nodes have been seen recently, rather than time out. */
  async #requireLiveQuorum(): Promise<void> {
    const { coordinator } = this.#o;
    const staleAfter = this.#o.staleAfterMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    // Commands wait for a Redis that is down: answer 503 rather than hang.
    const unreachable = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new QRGUnavailableError(
              `mesh consensus unavailable: Redis did not answer within ${REGISTRY_READ_MS} ms`,
            ),
          ),
        REGISTRY_READ_MS,
      );
    });
    const nodes = await Promise.race([coordinator.listNodes(), unreachable]).finally(() =>
      clearTimeout(timer),
    );
    const now = Date.now();
    const live = nodes.filter(
      (node) => coordinator.nodes.includes(node.node_id) && now - Date.parse(node.last_seen) <= staleAfter,
    );
    if (live.length < coordinator.quorum) {
      throw new QRGUnavailableError(
        `mesh consensus unavailable: ${live.length} of ${coordinator.nodes.length} nodes seen in the last ${staleAfter} ms, ${coordinator.quorum} needed`,
      );
    }
  }
}

function nodeRequest(input: MeshRoundInput): MeshNodeRequest {
  const { entropy } = input;
  return {
    qrg_id: input.qrgId,
    request: input.call.request,
    principal: {
      sub: input.call.principal.sub,
      tier: input.call.principal.tier,
      consent: [...input.call.principal.consent],
    },
    entropy: {
      requested: entropy.requested,
      source: entropy.source,
      ...(entropy.bytes ? { bytes_b64: Buffer.from(entropy.bytes).toString("base64") } : {}),
    },
  };
}
