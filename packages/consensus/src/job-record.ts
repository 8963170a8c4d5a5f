import type { Redis } from "ioredis";

/** The lifecycle of a consensus job, in order; `failed` and `timeout` end it from any earlier state. */
export const JOB_STATES = [
  "submitted",
  "distributed",
  "generating",
  "voting",
  "consensus",
  "completed",
  "failed",
  "timeout",
] as const;
export type JobState = (typeof JOB_STATES)[number];

const FINAL: ReadonlySet<JobState> = new Set(["completed", "failed", "timeout"]);

export function isFinalState(state: JobState): boolean {
  return FINAL.has(state);
}

/** A vote as the job record shows it (the signature lives in the certificate). */
export interface VoteSummary {
  node_id: string;
  attempt: number;
  key_id?: string;
  payload_digest?: string;
  outcome?: "generated" | "rejected";
  /** false when the signature did not verify with the node's registered key, or the node's pipeline failed. */
  valid: boolean;
  error?: string;
  received_at: string;
}

export interface JobRecord {
  job_id: string;
  /** The artifact the job is about, when the caller named it. */
  qrg_id?: string;
  state: JobState;
  nodes: string[];
  quorum: number;
  attempt: number;
  max_attempts: number;
  created_at: string;
  updated_at: string;
  deadline_at: string;
  votes: VoteSummary[];
  /** Set once a quorum agreed. */
  payload_digest?: string;
  agreeing?: string[];
  dissenting?: string[];
  missing?: string[];
  participants?: number;
  agreement_score?: number;
  /** Where the quorum certificate is stored, once committed. */
  certificate_ref?: string;
  error?: { code: string; detail: string };
  /** The response, once completed. */
  response?: unknown;
  /** The problem (status and problem+json body) a failed job answered with, for callers that did not wait. */
  problem?: { status: number; body: unknown };
}

/**
 * Job records in Redis (JSON under `{prefix}:job:{id}`, expiring after `ttlSeconds`). The coordinator that runs
 * a job is its only writer and writes the whole record each time, so a Redis that lost its data gets the
 * record back on the next transition.
 */
export class JobRecordStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlSeconds: number;

  constructor(redis: Redis, prefix: string, ttlSeconds: number) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#ttlSeconds = ttlSeconds;
  }

  #key(jobId: string): string {
    return `${this.#prefix}:job:${jobId}`;
  }

  async save(record: JobRecord): Promise<void> {
    await this.#redis.set(this.#key(record.job_id), JSON.stringify(record), "EX", this.#ttlSeconds);
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const raw = await this.#redis.get(this.#key(jobId));
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as JobRecord;
    } catch {
      return undefined;
    }
  }
}

/**
 * Moves a record to `next`, refusing to go backwards or to leave a final state (a late vote must not reopen a
 * job that already timed out).
 */
export function advance(
  record: JobRecord,
  next: JobState,
  now: Date,
  options: { retry?: boolean } = {},
): boolean {
  if (isFinalState(record.state)) return false;
  const backwards = JOB_STATES.indexOf(next) <= JOB_STATES.indexOf(record.state);
  // Only a retry goes back, and only to `distributed` (the job is handed to the nodes again).
  if (!isFinalState(next) && backwards && !(options.retry && next === "distributed")) return false;
  record.state = next;
  record.updated_at = now.toISOString();
  return true;
}
