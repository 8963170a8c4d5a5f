import type { VoteAlgorithm } from "@qrg/verify";
import type { FlowProducer } from "bullmq";
import { nodeQueueName } from "./connection.ts";
import type { VoteSummary } from "./job-record.ts";
import type { MeshJobData } from "./protocol.ts";
import { MeshJobResultSchema } from "./protocol.ts";
import { type Tally, tallyVotes } from "./quorum.ts";
import type { SignedVote } from "./vote.ts";
import { verifyVote } from "./vote.ts";
import type { NodeJobEvent, VoteCollector } from "./vote-collector.ts";

/** A valid vote and the result its node returned beside it. */
export interface ReceivedVote {
  vote: SignedVote;
  result?: unknown;
}

export interface AttemptHooks {
  /** The first node started working on the job. */
  onActive(): void;
  /** A node answered (valid vote, invalid vote, or pipeline failure). */
  onAnswer(summary: VoteSummary, vote: SignedVote | undefined): void;
}

export interface AttemptParams {
  jobId: string;
  attempt: number;
  nodes: readonly string[];
  quorum: number;
  deadline: number;
  /** After quorum, how long to keep waiting for the other nodes' votes (to name dissenters). */
  settleMs: number;
  sweepMs: number;
  data: MeshJobData;
  keyOf(
    node: string,
  ): Promise<{ key_id: string; algorithm: VoteAlgorithm; public_key_pem: string } | undefined>;
  now(): Date;
}

export interface AttemptResult {
  /** reached: a quorum agreed; no_quorum: every node answered or none can make a quorum; timeout: deadline. */
  end: "reached" | "no_quorum" | "timeout";
  tally: Tally;
  received: Map<string, ReceivedVote>;
}

const bullJobId = (jobId: string, attempt: number) => `${jobId}-a${attempt}`;

/**
 * One round of a consensus job: the job goes to every node queue in one atomic BullMQ flow, then votes are
 * collected (events first, a periodic sweep for any missed) until a quorum agrees and the others answered or
 * the settle window passed, until no quorum is possible, or until the deadline.
 */
export async function runAttempt(
  flows: FlowProducer,
  collector: VoteCollector,
  hooks: AttemptHooks,
  p: AttemptParams,
): Promise<AttemptResult> {
  const id = bullJobId(p.jobId, p.attempt);
  const received = new Map<string, ReceivedVote>();
  const unavailable = new Set<string>();
  const seen = new Set<string>();
  // A node counts as answered only once its answer is checked, so a tally never runs with a vote half-handled.
  const answered = new Set<string>();
  let wake: (() => void) | undefined;
  const poke = () => wake?.();
  let sawActive = false;

  const handle = async (node: string, event: NodeJobEvent) => {
    if (event.kind === "active") {
      if (!sawActive) hooks.onActive();
      sawActive = true;
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    const at = p.now().toISOString();
    if (event.kind === "failed") {
      unavailable.add(node);
      answered.add(node);
      hooks.onAnswer(
        { node_id: node, attempt: p.attempt, valid: false, error: event.reason, received_at: at },
        undefined,
      );
      return poke();
    }
    const parsed = MeshJobResultSchema.safeParse(event.value);
    const key = parsed.success ? await p.keyOf(node) : undefined;
    const vote = parsed.success ? (parsed.data.vote as SignedVote) : undefined;
    const problem = !vote
      ? "malformed answer"
      : vote.node_id !== node || vote.payload.job_id !== p.jobId
        ? "vote for another node or job"
        : !key || key.key_id !== vote.key_id || key.algorithm !== vote.algorithm
          ? "vote not signed with the node's registered key"
          : !verifyVote(vote, key.public_key_pem)
            ? "signature does not verify"
            : undefined;
    const summary: VoteSummary = {
      node_id: node,
      attempt: p.attempt,
      ...(vote
        ? { key_id: vote.key_id, payload_digest: vote.payload_digest, outcome: vote.payload.outcome }
        : {}),
      valid: problem === undefined,
      ...(problem ? { error: problem } : {}),
      received_at: at,
    };
    if (problem === undefined && vote) {
      received.set(
        node,
        parsed.success && parsed.data.result !== undefined ? { vote, result: parsed.data.result } : { vote },
      );
    } else {
      unavailable.add(node);
    }
    answered.add(node);
    hooks.onAnswer(summary, vote);
    poke();
  };

  const unwatch = p.nodes.map((node) => collector.watch(node, id, (event) => void handle(node, event)));
  try {
    const distributed = flows.addBulk(
      p.nodes.map((node) => ({
        name: "generate",
        queueName: nodeQueueName(node),
        data: p.data,
        opts: {
          jobId: id,
          attempts: 1,
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 3600 },
        },
      })),
    );
    // Commands wait for Redis to come back rather than fail; the job's deadline bounds that wait.
    if (!(await beforeDeadline(distributed, p.deadline))) {
      return { end: "timeout", tally: tallyVotes(p.nodes, p.quorum, [], []), received };
    }
    let reachedAt: number | undefined;
    let lastSweep = Date.now();
    for (;;) {
      const tally = tallyVotes(
        p.nodes,
        p.quorum,
        [...received.values()].map((r) => r.vote),
        [...unavailable],
      );
      const outstanding = p.nodes.length - answered.size;
      const now = Date.now();
      if (tally.state === "reached") {
        reachedAt ??= now;
        if (outstanding === 0 || now >= reachedAt + p.settleMs || now >= p.deadline) {
          return { end: "reached", tally, received };
        }
      } else if (tally.state === "impossible" || outstanding === 0) {
        return { end: "no_quorum", tally, received };
      } else if (now >= p.deadline) {
        return { end: "timeout", tally, received };
      }
      if (now - lastSweep >= p.sweepMs) {
        lastSweep = now;
        for (const node of p.nodes) {
          if (seen.has(node)) continue;
          // Commands wait for a Redis that is down; the sweep must not hold the job past its deadline.
          const read = collector.sweep(node, id).catch(() => undefined);
          const event = (await beforeDeadline(read, p.deadline)) ? await read : undefined;
          if (event) await handle(node, event);
        }
        continue;
      }
      const until = Math.min(
        p.deadline,
        reachedAt === undefined ? Infinity : reachedAt + p.settleMs,
        lastSweep + p.sweepMs,
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, until - Date.now()));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    for (const stop of unwatch) stop();
    for (const node of p.nodes) if (!seen.has(node)) void collector.discard(node, id);
  }
}

async function beforeDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
