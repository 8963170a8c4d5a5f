import type { QuotaDecision, QuotaStore } from "./quota-store.ts";

export interface InMemoryQuotaStoreOptions {
  /**
   * Keys kept before expired windows are swept; when every kept window is still live the oldest are dropped,
   * which only ever gives a user a fresh window, never a refusal they did not earn.
   * @default 100_000
   */
  maxKeys?: number;
}

interface Window {
  start: number;
  windowMs: number;
  count: number;
}

/** Fixed-window counters in a Map: one process, bounded memory. */
export class InMemoryQuotaStore implements QuotaStore {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;

  constructor(options: InMemoryQuotaStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  async consume(key: string, limit: number, windowMs: number, now: number): Promise<QuotaDecision> {
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.windows.get(key);
    if (window === undefined || window.start !== start || window.windowMs !== windowMs) {
      window = { start, windowMs, count: 0 };
      this.windows.delete(key);
      this.windows.set(key, window);
      if (this.windows.size > this.maxKeys) this.evict(now);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    if (window.count >= limit) return { allowed: false, remaining: 0, retryAfterSeconds };
    window.count++;
    return { allowed: true, remaining: limit - window.count, retryAfterSeconds };
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.start + window.windowMs <= now) this.windows.delete(key);
    }
    // Map iteration is insertion order: the first keys are the least recently (re)started windows.
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
