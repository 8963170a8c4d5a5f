import type { VotePayload } from "@qrg/verify";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import {
  DEFAULT_MESH_PREFIX,
  type MeshRedisOptions,
  nodeQueueName,
  redisOptionsFromUrl,
} from "./connection.ts";
import { NodeRegistry } from "./node-registry.ts";
import { type MeshJobData, MeshJobDataSchema, type MeshJobResult } from "./protocol.ts";
import type { VoteSigner } from "./signer.ts";
import { signVote } from "./vote.ts";

/** One job as a node's pipeline sees it. */
export interface NodeJob {
  jobId: string;
  attempt: number;
  request: unknown;
  trace?: Record<string, string>;
  deadline: Date;
  /** Aborts when the job's deadline passes or the node shuts down. */
  signal: AbortSignal;
}

/** What the pipeline produces: the payload to vote for, and anything the coordinator should get beside it. */
export interface NodePipelineOutput {
  payload: Omit<VotePayload, "job_id">;
  result?: unknown;
}

export type NodePipeline = (job: NodeJob) => Promise<NodePipelineOutput>;

export interface MeshNodeOptions {
  nodeId: string;
  redis: MeshRedisOptions;
  signer: VoteSigner;
  pipeline: NodePipeline;
  /** Jobs this node works on at once. @default 4 */
  concurrency?: number;
  /** How often the node refreshes its registry entry. @default 2000 */
  heartbeatMs?: number;
}

/**
 * A mesh node: consumes its own BullMQ queue, runs the injected pipeline on each job and answers with a vote
 * signed by its own key. It registers its public key on start and keeps its registry entry fresh.
 */
export class MeshNode {
  readonly nodeId: string;
  readonly #o: MeshNodeOptions;
  readonly #prefix: string;
  #redis: Redis | undefined;
  #worker: Worker<MeshJobData, MeshJobResult> | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #shutdown = new AbortController();

  constructor(options: MeshNodeOptions) {
    this.nodeId = options.nodeId;
    this.#o = options;
    this.#prefix = options.redis.prefix ?? DEFAULT_MESH_PREFIX;
  }

  async start(): Promise<void> {
    const connection = redisOptionsFromUrl(this.#o.redis.url);
    const redis = new Redis(connection);
    redis.on("error", () => {}); // reconnects on its own; a failed heartbeat is retried on the next beat
    this.#redis = redis;
    const registry = new NodeRegistry(redis, this.#prefix);
    await registry.register(this.nodeId, this.#o.signer);
    this.#heartbeat = setInterval(() => {
      registry.heartbeat(this.nodeId, this.#o.signer).catch(() => {});
    }, this.#o.heartbeatMs ?? 2000);
    this.#heartbeat.unref();
    this.#worker = new Worker<MeshJobData, MeshJobResult>(
      nodeQueueName(this.nodeId),
      (job) => this.#process(job),
      {
        connection,
        prefix: `${this.#prefix}:bull`,
        concurrency: this.#o.concurrency ?? 4,
      },
    );
    this.#worker.on("error", () => {}); // connection errors while Redis restarts; the worker reconnects
    await this.#worker.waitUntilReady();
  }

  async #process(job: Job<MeshJobData, MeshJobResult>): Promise<MeshJobResult> {
    const parsed = MeshJobDataSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`malformed mesh job: ${parsed.error.issues[0]?.message}`);
    const data = parsed.data;
    const deadline = new Date(data.deadline_at);
    const remaining = deadline.getTime() - Date.now();
    // A node that comes back after an outage must not spend its time on jobs nobody waits for any more.
    if (remaining <= 0)
      throw new UnrecoverableError(`job ${data.job_id} expired before node ${this.nodeId} took it`);
    const signal = AbortSignal.any([AbortSignal.timeout(remaining), this.#shutdown.signal]);
    const output = await this.#o.pipeline({
      jobId: data.job_id,
      attempt: data.attempt,
      request: data.request,
      ...(data.trace ? { trace: data.trace } : {}),
      deadline,
      signal,
    });
    const vote = await signVote(this.nodeId, { ...output.payload, job_id: data.job_id }, this.#o.signer);
    return output.result === undefined ? { vote } : { vote, result: output.result };
  }

  async close(): Promise<void> {
    this.#shutdown.abort(new Error(`node ${this.nodeId} is shutting down`));
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    await this.#worker?.close();
    this.#redis?.disconnect();
  }
}
