import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFixture } from "@qrg/schema/testing";
import { afterAll, describe, expect, it } from "vitest";
import { json, startTestApi } from "./support/harness.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";
const scratch = await mkdtemp(join(tmpdir(), "qrg-rate-e2e-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function policyFile(limits: { generate: number; validate: number; read: number }, perIp: number) {
  const file = join(scratch, `policy-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(
    file,
    JSON.stringify({
      version: 1,
      window_seconds: 60,
      limits_by_tier: { "1": limits },
      anonymous_per_ip: perIp,
    }),
  );
  return file;
}

describe("rate limits (QRG_QUOTAS=on)", () => {
  it("gives a T4 user 10 generations a minute, then 429 with Retry-After and RateLimit headers; invalid requests cost nothing", async () => {
    await using api = await startTestApi({ QRG_QUOTAS: "on" });
    for (let i = 0; i < 5; i++) {
      expect((await api.post(GENERATE, { ...example, seed: "short" })).status).toBe(400);
    }
    for (let i = 0; i < 10; i++) {
      const res = await api.post(GENERATE, example);
      expect(res.status, `generation ${i + 1}`).toBe(200);
      expect(res.headers.get("ratelimit-remaining")).toBe(String(9 - i));
    }
    const refused = await api.post(GENERATE, example);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-limit")).toBe("10");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("ratelimit-policy")).toBe("10;w=60");
    expect((await json(refused)).code).toBe("quota_exceeded");
  });

  it("limits validate and reads per user, and anonymous routes per address", async () => {
    const file = await policyFile({ generate: 5, validate: 2, read: 2 }, 3);
    await using api = await startTestApi({ QRG_QUOTAS: "on", QRG_RATE_LIMIT_FILE: file });
    const body = await json(await api.post(GENERATE, example));
    const validate = () =>
      api.post("/api/v1/qrg/validate", { qrg_id: body.qrg_id, expected_hash: body.artifact.hash });
    expect([(await validate()).status, (await validate()).status, (await validate()).status]).toEqual([
      200, 200, 429,
    ]);
    const read = () => api.get(`/api/v1/qrg/artifacts/${body.qrg_id}`);
    expect([(await read()).status, (await read()).status, (await read()).status]).toEqual([200, 200, 429]);
    const anonymous = () => api.get("/openapi.json", {}, null);
    expect([(await anonymous()).status, (await anonymous()).status, (await anonymous()).status]).toEqual([
      200, 200, 200,
    ]);
    expect((await anonymous()).status).toBe(429);
  });

  it("keeps counting across a restart (counters saved in the data dir)", async () => {
    const file = await policyFile({ generate: 2, validate: 10, read: 10 }, 100);
    const dataDir = await mkdtemp(join(scratch, "data-"));
    const env = { QRG_QUOTAS: "on", QRG_RATE_LIMIT_FILE: file };
    {
      await using api = await startTestApi(env, {}, dataDir);
      expect((await api.post(GENERATE, example)).status).toBe(200);
      expect((await api.post(GENERATE, example)).status).toBe(200);
    }
    await using again = await startTestApi(env, {}, dataDir);
    expect((await again.post(GENERATE, example)).status).toBe(429);
  });

  it("turns every limit off with QRG_QUOTAS=off", async () => {
    const file = await policyFile({ generate: 1, validate: 1, read: 1 }, 1);
    await using api = await startTestApi({ QRG_QUOTAS: "off", QRG_RATE_LIMIT_FILE: file });
    for (let i = 0; i < 3; i++) {
      const res = await api.post(GENERATE, example);
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
      expect((await api.get("/openapi.json", {}, null)).status).toBe(200);
    }
  });
});
