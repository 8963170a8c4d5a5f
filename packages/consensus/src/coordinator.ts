import { randomUUID } from "node:crypto";
import type { QuorumCertificate, VotePayload } from "@qrg/verify";
import { twoThirdsQuorum } from "@qrg/verify";
import { FlowProducer } from "bullmq";
import { Redis } from "ioredis";
import { buildCertificate } from "./certificate.ts";
import { DEFAULT_MESH_PREFIX, type MeshRedisOptions, redisOptionsFromUrl } from "./connection.ts";
import { type AttemptResult, type ReceivedVote, runAttempt } from "./consensus-attempt.ts";
import { advance, type JobRecord, JobRecordStore, type JobState, type VoteSummary } from "./job-record.ts";
import { NodeRegistry, type RegisteredNode } from "./node-registry.ts";
import type { SignedVote } from "./vote.ts";
import { VoteCollector } from "./vote-collector.ts";

/** Hooks for metrics and traces; every one optional. */
export interface ConsensusObserver {
  state?(record: JobRecord, previous: JobState | undefined): void;
  /** A node answered; `distributedAt` is when the attempt went out (the start of that node's vote span). */
  vote?(record: JobRecord, summary: VoteSummary, distributedAt: Date): void;
}

export interface CoordinatorOptions {
  redis: MeshRedisOptions;
  /** Node ids (QRG_MESH_NODES). */
  nodes: readonly string[];
  /** Agreeing nodes required (QRG_MESH_QUORUM). @default ⌈2N/3⌉ */
  quorum?: number;
  /** Further attempts after one without a quorum. @default 1 */
  retries?: number;
  /** After a quorum, how long to wait for the remaining votes so dissenters are named. @default 500 */
  settleMs?: number;
  /** How often node jobs are read directly, in case an event was missed. @default 250 */
  sweepMs?: number;
  /** How long job records stay readable. @default 86400 */
  jobTtlSeconds?: number;
  observer?: ConsensusObserver;
  /** @default () => new Date() */
  clock?: () => Date;
}

/** What a quorum agreed on, handed to `commit`. */
export interface AgreedResult {
  jobId: string;
  payload: VotePayload;
  certificate: QuorumCertificate;
  /** The agreeing nodes' votes and results, in arrival order. */
  agreeing: ReceivedVote[];
  record: JobRecord;
}

export interface ConsensusRequest<R> {
  /** @default a random UUID */
  jobId?: string;
  /** The artifact the job is about; shown in the job record. */
  qrgId?: string;
  /** What every node's pipeline receives. */
  request: unknown;
  /** The whole job's budget, every attempt included (3 × the request's timeout_ms). */
  timeoutMs: number;
  trace?: Record<string, string>;
  /** Makes the agreed result durable; its return value becomes the job's response. Not called on failure. */
  commit: (agreed: AgreedResult) => Promise<{ response: R; certificateRef?: string }>;
}

export type ConsensusOutcome<R> =
  | { status: "completed"; record: JobRecord; certificate: QuorumCertificate; response: R }
  | { status: "failed" | "timeout"; record: JobRecord };

/**
 * The consensus coordinator: hands each job to the N node queues, collects their signed votes, certifies the
 * payload a quorum agrees on and commits it; otherwise retries (a transient fault may clear) and then fails,
 * naming the dissenting nodes. The job record in Redis follows submitted → distributed → generating → voting →
 * consensus → completed, or failed / timeout.
 */
export class ConsensusCoordinator {
  readonly nodes: readonly string[];
  readonly quorum: number;
  readonly #o: CoordinatorOptions;
  readonly #redis: Redis;
  readonly #flows: FlowProducer;
  readonly #collector: VoteCollector;
  readonly registry: NodeRegistry;
  readonly jobs: JobRecordStore;
  readonly #clock: () => Date;

  constructor(options: CoordinatorOptions) {
    if (options.nodes.length === 0) throw new TypeError("a mesh needs at least one node");
    if (new Set(options.nodes).size !== options.nodes.length)
      throw new TypeError("mesh node ids must be distinct");
    this.#o = options;
    this.nodes = [...options.nodes];
    this.quorum = options.quorum ?? twoThirdsQuorum(options.nodes.length);
    if (!Number.isInteger(this.quorum) || this.quorum < 1 || this.quorum > options.nodes.length) {
      throw new TypeError(`quorum must be an integer in 1..${options.nodes.length}, got ${this.quorum}`);
    }
    const prefix = options.redis.prefix ?? DEFAULT_MESH_PREFIX;
    const connection = redisOptionsFromUrl(options.redis.url);
    this.#redis = new Redis(connection);
    this.#redis.on("error", () => {});
    this.#flows = new FlowProducer({ connection, prefix: `${prefix}:bull` });
    this.#flows.on("error", () => {});
    this.#collector = new VoteCollector(connection, `${prefix}:bull`, this.nodes);
    this.registry = new NodeRegistry(this.#redis, prefix);
    this.jobs = new JobRecordStore(this.#redis, prefix, options.jobTtlSeconds ?? 86_400);
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Waits until the event streams listen, so no vote of the first job is missed. */
  async ready(): Promise<void> {
    await this.#collector.ready();
  }

  async listNodes(): Promise<RegisteredNode[]> {
    return await this.registry.list();
  }

  #newRecord(jobId: string, timeoutMs: number): JobRecord {
    const start = this.#clock();
    return {
      job_id: jobId,
      state: "submitted",
      nodes: [...this.nodes],
      quorum: this.quorum,
      attempt: 0,
      max_attempts: 1 + (this.#o.retries ?? 1),
      created_at: start.toISOString(),
      updated_at: start.toISOString(),
      deadline_at: new Date(start.getTime() + timeoutMs).toISOString(),
      votes: [],
    };
  }

  /** Writes a `submitted` record now, for a caller that hands out the job's URL before the job starts. */
  async recordSubmitted(jobId: string, timeoutMs: number): Promise<JobRecord> {
    const record = this.#newRecord(jobId, timeoutMs);
    await this.jobs.save(record);
    return record;
  }

  /**
   * Adds the problem a job's caller answered with, once the job ended (or never reached the mesh, e.g. the
   * coordinating service's own gate rejected the request): a job that is not final becomes `failed`.
   */
  async recordProblem(
    jobId: string,
    problem: { status: number; body: unknown },
    timeoutMs: number,
  ): Promise<void> {
    const record = (await this.jobs.get(jobId)) ?? this.#newRecord(jobId, timeoutMs);
    record.problem = problem;
    if (!advance(record, "failed", this.#clock())) record.updated_at = this.#clock().toISOString();
    const detail = (problem.body as { detail?: unknown } | undefined)?.detail;
    record.error ??= {
      code: "rejected",
      detail: typeof detail === "string" ? detail : `status ${problem.status}`,
    };
    await this.jobs.save(record);
  }

  async run<R>(request: ConsensusRequest<R>): Promise<ConsensusOutcome<R>> {
    const jobId = request.jobId ?? randomUUID();
    const record = this.#newRecord(jobId, request.timeoutMs);
    if (request.qrgId) record.qrg_id = request.qrgId;
    const start = new Date(record.created_at);
    const deadline = Date.now() + request.timeoutMs;
    const maxAttempts = record.max_attempts;
    this.#o.observer?.state?.(record, undefined);
    await this.#save(record);
    const keys = new Map(
      (await this.#bounded(this.registry.list(), deadline, [])).map((n) => [n.node_id, n]),
    );
    const keyOf = async (node: string) =>
      keys.get(node) ?? (await this.registry.get(node).catch(() => undefined));

    let result: AttemptResult | undefined;
    for (let attempt = 1; attempt <= maxAttempts && Date.now() < deadline; attempt++) {
      record.attempt = attempt;
      this.#move(record, "distributed", attempt > 1);
      await this.#save(record);
      const distributedAt = this.#clock();
      result = await runAttempt(
        this.#flows,
        this.#collector,
        {
          onActive: () => {
            if (this.#move(record, "generating")) void this.#save(record);
          },
          onAnswer: (summary) => {
            record.votes.push(summary);
            this.#move(record, "generating");
            this.#move(record, "voting");
            this.#o.observer?.vote?.(record, summary, distributedAt);
            void this.#save(record);
          },
        },
        {
          jobId,
          attempt,
          nodes: this.nodes,
          quorum: this.quorum,
          deadline,
          settleMs: this.#o.settleMs ?? 500,
          sweepMs: this.#o.sweepMs ?? 250,
          data: {
            job_id: jobId,
            attempt,
            deadline_at: new Date(start.getTime() + request.timeoutMs).toISOString(),
            request: request.request,
            ...(request.trace ? { trace: request.trace } : {}),
          },
          keyOf,
          now: this.#clock,
        },
      ).catch((error: unknown) => {
        record.error = {
          code: "unavailable",
          detail: error instanceof Error ? error.message : String(error),
        };
        return undefined;
      });
      if (result?.end !== "no_quorum") break;
    }
    if (result) this.#recordTally(record, result);
    if (result?.end === "reached") return await this.#commit(record, result, request);
    // No attempt result: either the deadline passed before one could run (timeout) or Redis failed (failed).
    const status = result
      ? result.end === "timeout"
        ? "timeout"
        : "failed"
      : record.error
        ? "failed"
        : "timeout";
    record.error ??=
      status === "timeout"
        ? { code: "consensus_timeout", detail: `no quorum of ${this.quorum} within ${request.timeoutMs} ms` }
        : {
            code: "consensus_failed",
            detail: `${result?.tally.agreeing.length ?? 0} of ${this.nodes.length} nodes agreed, ${this.quorum} required`,
          };
    this.#move(record, status);
    await this.#save(record);
    return { status, record };
  }

  async #commit<R>(
    record: JobRecord,
    result: AttemptResult,
    request: ConsensusRequest<R>,
  ): Promise<ConsensusOutcome<R>> {
    const agreeingVotes: SignedVote[] = result.tally.agreeing;
    const agreeing = agreeingVotes.map((vote) => result.received.get(vote.node_id) as ReceivedVote);
    const payload = agreeingVotes[0]!.payload;
    const certificate = buildCertificate({
      jobId: record.job_id,
      nodes: this.nodes,
      quorum: this.quorum,
      payload,
      signatures: agreeingVotes.map((v) => ({
        node_id: v.node_id,
        key_id: v.key_id,
        algorithm: v.algorithm,
        signature_b64: v.signature_b64,
      })),
      issuedAt: this.#clock(),
    });
    this.#move(record, "consensus");
    await this.#save(record);
    try {
      const committed = await request.commit({
        jobId: record.job_id,
        payload,
        certificate,
        agreeing,
        record,
      });
      record.response = committed.response;
      if (committed.certificateRef) record.certificate_ref = committed.certificateRef;
      this.#move(record, "completed");
      await this.#save(record);
      return { status: "completed", record, certificate, response: committed.response };
    } catch (error) {
      record.error = {
        code: "commit_failed",
        detail: error instanceof Error ? error.message : String(error),
      };
      this.#move(record, "failed");
      await this.#save(record).catch(() => {});
      throw error;
    }
  }

  #recordTally(record: JobRecord, result: AttemptResult): void {
    const { tally } = result;
    if (tally.agreeing[0]) record.payload_digest = tally.agreeing[0].payload_digest;
    record.agreeing = tally.agreeing.map((vote) => vote.node_id);
    const invalid = record.votes.filter((v) => v.attempt === record.attempt && !v.valid && !v.payload_digest);
    record.dissenting = [
      ...tally.dissenting,
      ...record.votes
        .filter((v) => v.attempt === record.attempt && !v.valid && v.payload_digest !== undefined)
        .map((v) => v.node_id),
    ];
    record.missing = [...tally.missing, ...invalid.map((v) => v.node_id)];
    record.participants = tally.participants;
    record.agreement_score = tally.agreement_score;
  }

  #move(record: JobRecord, next: JobState, retry = false): boolean {
    const previous = record.state;
    const moved = advance(record, next, this.#clock(), { retry });
    if (moved) this.#o.observer?.state?.(record, previous);
    return moved;
  }

  /** Writes the record; a Redis that is down must not stall the job past its deadline (the next write heals). */
  async #save(record: JobRecord): Promise<void> {
    const deadline = Date.parse(record.deadline_at) + 1000;
    await this.#bounded(this.jobs.save({ ...record, votes: [...record.votes] }), deadline, undefined);
  }

  async #bounded<T>(work: Promise<T>, deadline: number, fallback: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback), Math.max(0, deadline - Date.now()));
    });
    try {
      return await Promise.race([work.catch(() => fallback), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.#collector.close(), this.#flows.close()]);
    this.#redis.disconnect();
  }
}
