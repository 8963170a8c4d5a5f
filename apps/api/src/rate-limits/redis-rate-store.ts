import { QRGUnavailableError } from "@qrg/core";
import { Redis } from "ioredis";
import type { RateStore } from "./rate-store.ts";
import { decide, type RateDecision } from "./sliding-window.ts";

/*
 * One atomic step per request, on Redis' clock (so instances with skewed clocks still agree): slide the
 * key's hash to the current window, then count the request if the weighted count allows it. The decision
 * is recomputed in TypeScript from the returned state with the same function the memory store uses.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = math.floor(now / windowMs)
local h = redis.call('HMGET', KEYS[1], 'w', 'c', 'p', 'm')
local w = tonumber(h[1])
local c = tonumber(h[2]) or 0
local p = tonumber(h[3]) or 0
if w == nil or tonumber(h[4]) ~= windowMs or w < window - 1 or w > window then
  c = 0; p = 0
elseif w == window - 1 then
  p = c; c = 0
end
local elapsed = now - window * windowMs
local allowed = 0
if p * (windowMs - elapsed) / windowMs + c + 1 <= limit then
  allowed = 1
  redis.call('HSET', KEYS[1], 'w', window, 'c', c + 1, 'p', p, 'm', windowMs)
  redis.call('PEXPIRE', KEYS[1], 2 * windowMs)
end
return {allowed, c, p, elapsed}
`;

export interface RedisRateStoreOptions {
  /** QRG_REDIS_URL, e.g. redis://127.0.0.1:6379/0. */
  url: string;
  /** Prefix of every key. @default "qrg:rate:" */
  keyPrefix?: string;
  /** A Redis call slower than this fails the request with 503 rather than hanging it. @default 1000 */
  commandTimeoutMs?: number;
}

type TakeCommand = (
  key: string,
  windowMs: number,
  limit: number,
) => Promise<[number, number, number, number]>;

/**
 * Sliding-window counters in Redis, shared by every instance pointing at it. When Redis is unreachable the
 * limiter fails closed (503 with Retry-After): an outage must not lift every limit.
 */
export class RedisRateStore implements RateStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: RedisRateStoreOptions) {
    this.#prefix = options.keyPrefix ?? "qrg:rate:";
    this.#redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 1000,
    });
    this.#redis.defineCommand("qrgRateTake", { numberOfKeys: 1, lua: TAKE_SCRIPT });
    // Connection errors surface on the command that needs the connection; do not crash on the event.
    this.#redis.on("error", () => {});
  }

  async connect(): Promise<this> {
    await this.#redis.connect();
    return this;
  }

  async take(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const command = (this.#redis as unknown as { qrgRateTake: TakeCommand }).qrgRateTake.bind(this.#redis);
    let reply: [number, number, number, number];
    try {
      reply = await command(this.#prefix + key, windowMs, limit);
    } catch (error) {
      throw new QRGUnavailableError(`the shared rate-limit store is unavailable: ${String(error)}`, {
        cause: error,
      });
    }
    const [, current, previous, elapsed] = reply;
    return decide({ window: 0, current, previous }, elapsed, limit, windowMs).decision;
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
