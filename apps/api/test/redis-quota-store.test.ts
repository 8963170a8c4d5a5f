import { type RedisServerHandle, startRedisServer } from "@qrg/consensus/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisQuotaStore } from "../src/quota/redis-quota-store.ts";

let redis: RedisServerHandle;
const stores: RedisQuotaStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis.cleanup();
});

function open(url = redis.url): RedisQuotaStore {
  const store = new RedisQuotaStore({ url, commandTimeoutMs: 500 });
  stores.push(store);
  return store;
}

describe("RedisQuotaStore on a real redis-server", () => {
  it("holds a limit exactly across clients racing on one key", async () => {
    const [a, b, c] = [open(), open(), open()];
    const now = Date.now();
    const decisions = await Promise.all(
      Array.from({ length: 90 }, (_, i) => [a, b, c][i % 3]!.consume("user-1", 25, 60_000, now)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    expect(
      decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0 && d.retryAfterSeconds >= 1),
    ).toBe(true);
    expect(
      decisions
        .map((d) => d.remaining)
        .sort((x, y) => x - y)
        .slice(-1),
    ).toEqual([24]);
  });

  it("counts per key and per window", async () => {
    const store = open();
    const windowStart = Math.floor(Date.now() / 10_000) * 10_000;
    expect((await store.consume("user-2", 1, 10_000, windowStart + 1)).allowed).toBe(true);
    expect((await store.consume("user-2", 1, 10_000, windowStart + 2)).allowed).toBe(false);
    expect((await store.consume("user-3", 1, 10_000, windowStart + 3)).allowed).toBe(true);
    const next = await store.consume("user-2", 1, 10_000, windowStart + 10_000);
    expect(next).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 10 });
  });

  it("fails with unavailable when Redis cannot be reached", async () => {
    const dead = await startRedisServer();
    const store = open(dead.url);
    expect((await store.consume("user-4", 5, 60_000, Date.now())).allowed).toBe(true);
    await dead.cleanup();
    await expect(store.consume("user-4", 5, 60_000, Date.now())).rejects.toMatchObject({
      code: "unavailable",
    });
  });
});
