import type { RedisOptions } from "ioredis";

/** Where the mesh keeps its state; every key and queue of one mesh shares this prefix. */
export interface MeshRedisOptions {
  /** `redis://[user:password@]host:port[/db]` (QRG_REDIS_URL). */
  url: string;
  /** Key prefix for the registry, job records and BullMQ queues. @default "qrg-mesh" */
  prefix?: string;
}

export const DEFAULT_MESH_PREFIX = "qrg-mesh";

/** ioredis options as both ioredis and BullMQ accept them (BullMQ's type has no `null` retry strategy). */
export type MeshConnection = Omit<RedisOptions, "retryStrategy"> & {
  retryStrategy: (times: number) => number;
};

/**
 * ioredis options for a QRG_REDIS_URL. `maxRetriesPerRequest: null` is what BullMQ requires of the connections
 * its workers block on; commands wait for a reconnect instead of failing while Redis restarts.
 */
export function redisOptionsFromUrl(url: string): MeshConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a Redis URL: ${url}`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new TypeError(`not a Redis URL (redis:// or rediss://): ${url}`);
  }
  const db = parsed.pathname.replace(/^\//, "");
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly (Redis restarts are expected), never give up.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  };
}

/** The BullMQ queue a node consumes. */
export function nodeQueueName(nodeId: string): string {
  return `node-${nodeId}`;
}
