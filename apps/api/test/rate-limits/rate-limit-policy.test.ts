import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { limitFor, loadRateLimitPolicy } from "../../src/rate-limits/rate-limit-policy.ts";

const dir = await mkdtemp(join(tmpdir(), "qrg-rate-policy-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("rate-limit policy", () => {
  it("ships T4 = 10 generations per minute, with reads and validate limited too", async () => {
    const policy = await loadRateLimitPolicy();
    expect(policy.window_seconds).toBe(60);
    expect(limitFor(policy, 4, "generate")).toBe(10);
    expect(limitFor(policy, 4, "validate")).toBeGreaterThan(0);
    expect(limitFor(policy, 4, "read")).toBeGreaterThan(0);
    expect(policy.anonymous_per_ip).toBeGreaterThan(0);
  });

  it("falls back to the highest lower tier that has limits", async () => {
    const file = join(dir, "sparse.json");
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        window_seconds: 10,
        limits_by_tier: {
          "1": { generate: 1, validate: 2, read: 3 },
          "3": { generate: 5, validate: 6, read: 7 },
        },
        anonymous_per_ip: 4,
      }),
    );
    const policy = await loadRateLimitPolicy(file);
    expect(limitFor(policy, 2, "read")).toBe(3);
    expect(limitFor(policy, 5, "generate")).toBe(5);
  });

  it("names the offending field of a bad policy", async () => {
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({ version: 1, window_seconds: 0, limits_by_tier: {}, anonymous_per_ip: 1 }),
    );
    await expect(loadRateLimitPolicy(file)).rejects.toThrow(/window_seconds/);
    await expect(loadRateLimitPolicy(join(dir, "missing.json"))).rejects.toThrow(
      /cannot read the rate-limit policy/,
    );
  });
});
