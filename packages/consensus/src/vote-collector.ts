import { Queue, QueueEvents } from "bullmq";
import { type MeshConnection, nodeQueueName } from "./connection.ts";

export type NodeJobEvent =
  | { kind: "active" }
  | { kind: "completed"; value: unknown }
  | { kind: "failed"; reason: string };

type Listener = (event: NodeJobEvent) => void;

/**
 * Watches the node queues for the jobs of running consensus jobs. BullMQ's QueueEvents streams deliver
 * `active`, `completed` (with the return value) and `failed` promptly; `sweep` reads a job's state directly,
 * for an event missed while a connection was down.
 */
export class VoteCollector {
  readonly #queues = new Map<string, Queue>();
  readonly #events = new Map<string, QueueEvents>();
  readonly #listeners = new Map<string, Listener>();

  constructor(connection: MeshConnection, prefix: string, nodes: readonly string[]) {
    for (const node of nodes) {
      const name = nodeQueueName(node);
      const queue = new Queue(name, { connection, prefix });
      queue.on("error", () => {});
      const events = new QueueEvents(name, { connection, prefix });
      events.on("error", () => {});
      events.on("active", ({ jobId }) => this.#emit(node, jobId, { kind: "active" }));
      events.on("completed", ({ jobId, returnvalue }) =>
        this.#emit(node, jobId, { kind: "completed", value: returnvalue }),
      );
      events.on("failed", ({ jobId, failedReason }) =>
        this.#emit(node, jobId, { kind: "failed", reason: failedReason }),
      );
      this.#queues.set(node, queue);
      this.#events.set(node, events);
    }
  }

  async ready(): Promise<void> {
    await Promise.all([...this.#events.values()].map((events) => events.waitUntilReady()));
  }

  #emit(node: string, jobId: string, event: NodeJobEvent): void {
    this.#listeners.get(`${node}\u0000${jobId}`)?.(event);
  }

  /** Calls `listener` for the events of job `jobId` in `node`'s queue until the returned function is called. */
  watch(node: string, jobId: string, listener: Listener): () => void {
    const key = `${node}\u0000${jobId}`;
    this.#listeners.set(key, listener);
    return () => this.#listeners.delete(key);
  }

  /** The job's outcome read from Redis, or undefined while it is still waiting or running (or gone). */
  async sweep(node: string, jobId: string): Promise<NodeJobEvent | undefined> {
    const job = await this.#queues.get(node)?.getJob(jobId);
    if (!job) return undefined;
    if (job.finishedOn && job.failedReason) return { kind: "failed", reason: job.failedReason };
    if (job.finishedOn) return { kind: "completed", value: job.returnvalue };
    return undefined;
  }

  /** Removes a job nobody waits for any more, if it has not started (an active job keeps its lock). */
  async discard(node: string, jobId: string): Promise<void> {
    try {
      await (await this.#queues.get(node)?.getJob(jobId))?.remove();
    } catch {
      // Active (locked) or already gone: the node drops it at its deadline.
    }
  }

  async close(): Promise<void> {
    await Promise.all([
      ...[...this.#events.values()].map((events) => events.close()),
      ...[...this.#queues.values()].map((queue) => queue.close()),
    ]);
  }
}
