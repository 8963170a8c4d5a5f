import { describe, expect, it } from "vitest";
import { InMemoryQuotaStore } from "../src/quota/in-memory-quota-store.ts";

describe("the in-memory quota store", () => {
  it("allows `limit` units per window, then refuses with the seconds left in the window", async () => {
    const store = new InMemoryQuotaStore();
    const now = 60_000 * 100 + 15_000; // 15 s into a minute window
    for (let i = 0; i < 3; i++) {
      const decision = await store.consume("lid:a", 3, 60_000, now);
      expect(decision).toEqual({ allowed: true, remaining: 2 - i, retryAfterSeconds: 45 });
    }
    expect(await store.consume("lid:a", 3, 60_000, now + 500)).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 45,
    });
  });

  it("opens a fresh window when the old one ends", async () => {
    const store = new InMemoryQuotaStore();
    const start = 60_000 * 7;
    await store.consume("lid:a", 1, 60_000, start);
    expect((await store.consume("lid:a", 1, 60_000, start + 59_999)).allowed).toBe(false);
    expect((await store.consume("lid:a", 1, 60_000, start + 60_000)).allowed).toBe(true);
  });

  it("counts each key separately", async () => {
    const store = new InMemoryQuotaStore();
    expect((await store.consume("lid:a", 1, 1000, 0)).allowed).toBe(true);
    expect((await store.consume("lid:b", 1, 1000, 0)).allowed).toBe(true);
    expect((await store.consume("lid:a", 1, 1000, 10)).allowed).toBe(false);
  });

  it("never refuses with less than one second to wait", async () => {
    const store = new InMemoryQuotaStore();
    await store.consume("lid:a", 0, 1000, 999.9);
    expect((await store.consume("lid:a", 0, 1000, 999.9)).retryAfterSeconds).toBe(1);
  });

  it("keeps memory bounded by dropping expired windows first, then the oldest", async () => {
    const store = new InMemoryQuotaStore({ maxKeys: 100 });
    for (let i = 0; i < 100; i++) await store.consume(`old-${i}`, 5, 1000, 0);
    for (let i = 0; i < 50; i++) await store.consume(`new-${i}`, 5, 1000, 5000);
    expect(store.size).toBeLessThanOrEqual(100);
    for (let i = 0; i < 300; i++) await store.consume(`live-${i}`, 5, 1000, 5000);
    expect(store.size).toBeLessThanOrEqual(100);
    expect((await store.consume("live-299", 5, 1000, 5000)).remaining).toBe(3);
  });
});
