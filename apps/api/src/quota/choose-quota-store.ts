import cluster from "node:cluster";
import type { QuotaStore } from "@qrg/gates";
import { ClusterQuotaStore } from "../cluster/cluster-quota-store.ts";
import { RedisQuotaStore } from "./redis-quota-store.ts";

export interface ChosenQuotaStore {
  /** undefined: the gates' own in-memory store (a single process). */
  store: QuotaStore | undefined;
  kind: "redis" | "cluster" | "memory";
  close(): Promise<void>;
}

/**
 * Where quota counters live so that a user's allowance is one allowance: Redis when `QRG_REDIS_URL` is
 * set (every worker of every instance), else the cluster primary's counters in a worker process (every
 * worker of this instance), else this process's memory.
 */
export function chooseQuotaStore(redisUrl: string | undefined): ChosenQuotaStore {
  if (redisUrl) {
    const store = new RedisQuotaStore({ url: redisUrl });
    return { store, kind: "redis", close: () => store.close() };
  }
  if (cluster.isWorker) return { store: new ClusterQuotaStore(), kind: "cluster", close: async () => {} };
  return { store: undefined, kind: "memory", close: async () => {} };
}
