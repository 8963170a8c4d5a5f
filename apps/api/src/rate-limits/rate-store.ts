import type { RateDecision } from "./sliding-window.ts";

/** Where sliding-window counters live: this process (persisted in the data dir) or Redis (shared). */
export interface RateStore {
  /** Counts one request for `key` against `limit` per `windowMs`, or refuses it. */
  take(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Persists what must survive a restart and releases connections. */
  close(): Promise<void>;
}
