import { QRGUnavailableError } from "@qrg/core";
import type { QuotaDecision, QuotaStore } from "@qrg/gates";
import { Redis } from "ioredis";

/**
 * One atomic step per request: count this unit in the window's key, and give a new key its expiry. Run as
 * a script, so concurrent requests from every worker and instance see one counter: the limit holds exactly
 * across a fleet, with no per-process split of a user's allowance.
 */
const CONSUME_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

export interface RedisQuotaStoreOptions {
  /** `QRG_REDIS_URL`, e.g. `redis://127.0.0.1:6379/0`. */
  url: string;
  /**
   * Prefix of every key, so several deployments can share one Redis.
   * @default "qrg:quota:"
   */
  keyPrefix?: string;
  /**
   * Time one Redis command may take before the quota check fails (and the request with it).
   * @default 1000
   */
  commandTimeoutMs?: number;
}

/**
 * Fixed-window quota counters in Redis (the gates' QuotaStore contract): key `<prefix><key>:<windowMs>:
 * <windowStart>` counts the units taken in that window and expires a second after it ends. Windows are
 * aligned to the caller's clock, so instances should keep their clocks in sync (NTP) — a skew of s ms moves
 * at most s ms of requests into a neighbouring window. When Redis cannot be reached the check fails with
 * `unavailable` rather than letting requests through unmetered.
 */
export class RedisQuotaStore implements QuotaStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: RedisQuotaStoreOptions) {
    this.#prefix = options.keyPrefix ?? "qrg:quota:";
    this.#redis = new Redis(options.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      connectTimeout: 2000,
      // Reconnect quickly but without end: Redis coming back must heal the instance without a restart.
      retryStrategy: (attempt) => Math.min(1000, 50 * attempt),
    });
    // Connection errors surface through the commands that fail; the client's event must not crash the process.
    this.#redis.on("error", () => {});
  }

  async consume(key: string, limit: number, windowMs: number, now: number): Promise<QuotaDecision> {
    const start = Math.floor(now / windowMs) * windowMs;
    let count: number;
    try {
      count = Number(
        await this.#redis.eval(
          CONSUME_SCRIPT,
          1,
          `${this.#prefix}${key}:${windowMs}:${start}`,
          windowMs + 1000,
        ),
      );
    } catch (error) {
      throw new QRGUnavailableError("the quota store (Redis) is unavailable", { cause: error });
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    if (count > limit) return { allowed: false, remaining: 0, retryAfterSeconds };
    return { allowed: true, remaining: limit - count, retryAfterSeconds };
  }

  /** Closes the connection (graceful shutdown); idempotent. */
  async close(): Promise<void> {
    if (this.#redis.status === "end") return;
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
