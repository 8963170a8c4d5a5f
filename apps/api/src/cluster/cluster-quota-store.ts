import cluster from "node:cluster";
import { QRGUnavailableError } from "@qrg/core";
import { InMemoryQuotaStore, type QuotaDecision, type QuotaStore } from "@qrg/gates";

const REQUEST = "qrg:quota-request";
const REPLY = "qrg:quota-reply";

interface QuotaRequest {
  type: typeof REQUEST;
  id: number;
  key: string;
  limit: number;
  windowMs: number;
  now: number;
}

interface QuotaReply {
  type: typeof REPLY;
  id: number;
  decision?: QuotaDecision;
  error?: string;
}

/**
 * In the primary: holds the quota counters of every worker in one in-memory store, so that without Redis
 * a user's allowance is still one allowance per instance, not one per worker.
 */
export function serveClusterQuotas(store: QuotaStore = new InMemoryQuotaStore()): void {
  cluster.on("message", (worker, message: QuotaRequest) => {
    if (message?.type !== REQUEST) return;
    store.consume(message.key, message.limit, message.windowMs, message.now).then(
      (decision) => worker.send({ type: REPLY, id: message.id, decision } satisfies QuotaReply),
      (error: unknown) =>
        worker.send({ type: REPLY, id: message.id, error: String(error) } satisfies QuotaReply),
    );
  });
}

/**
 * In a worker: the QuotaStore that asks the primary (one IPC round trip per check). Fails with
 * `unavailable` if the primary does not answer within `timeoutMs`.
 */
export class ClusterQuotaStore implements QuotaStore {
  readonly #pending = new Map<number, { resolve: (d: QuotaDecision) => void; reject: (e: Error) => void }>();
  readonly #timeoutMs: number;
  #nextId = 0;

  /** @param timeoutMs @default 2000 */
  constructor(timeoutMs = 2000) {
    this.#timeoutMs = timeoutMs;
    process.on("message", (message: QuotaReply) => {
      if (message?.type !== REPLY) return;
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.decision) waiter.resolve(message.decision);
      else waiter.reject(new QRGUnavailableError(`the primary's quota store failed: ${message.error}`));
    });
  }

  consume(key: string, limit: number, windowMs: number, now: number): Promise<QuotaDecision> {
    if (!process.send)
      return Promise.reject(new QRGUnavailableError("not a cluster worker: no primary to ask"));
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new QRGUnavailableError("the primary did not answer the quota check"));
      }, this.#timeoutMs);
      this.#pending.set(id, {
        resolve: (decision) => {
          clearTimeout(timer);
          resolve(decision);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      process.send!({ type: REQUEST, id, key, limit, windowMs, now } satisfies QuotaRequest);
    });
  }
}
