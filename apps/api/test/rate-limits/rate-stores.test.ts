import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RedisServerHandle, startRedisServer } from "@qrg/consensus/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRateStore } from "../../src/rate-limits/memory-rate-store.ts";
import { loadRateLimitPolicy } from "../../src/rate-limits/rate-limit-policy.ts";
import { RateLimitedError, RateLimiter, rateLimitHeaders } from "../../src/rate-limits/rate-limiter.ts";
import { RedisRateStore } from "../../src/rate-limits/redis-rate-store.ts";

const dir = await mkdtemp(join(tmpdir(), "qrg-rate-store-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("MemoryRateStore", () => {
  it("keeps counts across a restart through its snapshot in the data dir", async () => {
    const file = join(dir, "limits", "rate-windows.json");
    let now = 1_000_000;
    const first = await MemoryRateStore.open({ file, now: () => now });
    for (let i = 0; i < 3; i++) expect((await first.take("u:lid:a:generate", 3, 60_000)).allowed).toBe(true);
    await first.close();
    now += 1000;
    const second = await MemoryRateStore.open({ file, now: () => now });
    expect((await second.take("u:lid:a:generate", 3, 60_000)).allowed).toBe(false);
    expect((await second.take("u:lid:b:generate", 3, 60_000)).allowed).toBe(true);
    await second.close();
    expect(JSON.parse(await readFile(file, "utf8")).version).toBe(1);
  });

  it("starts fresh from a damaged snapshot instead of refusing to start", async () => {
    const file = join(dir, "damaged.json");
    await writeFile(file, "{not json");
    const store = await MemoryRateStore.open({ file });
    expect((await store.take("k", 1, 60_000)).allowed).toBe(true);
    await store.close();
  });

  it("bounds its memory", async () => {
    const store = await MemoryRateStore.open({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) await store.take(`k${i}`, 5, 60_000);
    expect(store.size).toBeLessThanOrEqual(100);
    await store.close();
  });
});

describe("RateLimiter", () => {
  it("refuses the 11th generation of a T4 user with 429 data and headers, counting classes apart", async () => {
    const limiter = new RateLimiter(await loadRateLimitPolicy(), await MemoryRateStore.open());
    const user = { kind: "user", sub: "lid:t4", tier: 4 } as const;
    for (let i = 0; i < 10; i++) await limiter.take(user, "generate");
    const error = await limiter.take(user, "generate").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    const refused = error as RateLimitedError;
    expect(refused.code).toBe("quota_exceeded");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(rateLimitHeaders(refused.decision, 60)).toMatchObject({
      "ratelimit-limit": "10",
      "ratelimit-remaining": "0",
      "ratelimit-policy": "10;w=60",
    });
    expect((await limiter.take(user, "read")).allowed).toBe(true);
    expect((await limiter.take({ kind: "ip", ip: "127.0.0.1" }, "read")).limit).toBe(120);
    await limiter.close();
  });
});

describe("RedisRateStore (real redis-server)", () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.cleanup());

  it("shares one user's allowance between two instances, atomically under concurrency", async () => {
    const a = await new RedisRateStore({ url: redis.url }).connect();
    const b = await new RedisRateStore({ url: redis.url }).connect();
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take("u:lid:shared:generate", 10, 60_000)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    await a.close();
    await b.close();
  });

  it("fails closed with 503 when Redis is unreachable", async () => {
    const store = new RedisRateStore({ url: "redis://127.0.0.1:1/0", commandTimeoutMs: 200 });
    await store.connect().catch(() => {});
    await expect(store.take("k", 1, 60_000)).rejects.toMatchObject({ code: "unavailable" });
    await store.close();
  });
});
