import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { openKeyRing } from "../src/cli/key-ring.ts";
import { json, startTestApi } from "./support/harness.ts";
import { flipStoredContentByte } from "./support/tamper.ts";

const run = promisify(execFile);
const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";
const verifierCli = fileURLToPath(new URL("../../verifier/src/cli.ts", import.meta.url));

/** Runs the real qrg-verify CLI and returns its exit code and output. */
async function qrgVerify(
  args: string[],
  token?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const env = { ...process.env, ...(token ? { QRG_TOKEN: token } : {}) };
    const { stdout, stderr } = await run(process.execPath, [verifierCli, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("an artifact's life across the API and the verifier", () => {
  it("verifies with qrg-verify --api, and fails with exit 1 once a stored byte changes", async () => {
    await using api = await startTestApi();
    const body = await json(await api.post(GENERATE, example));
    const saved = join(api.dataDir, "saved-response.json");
    await writeFile(saved, JSON.stringify(body));
    const ok = await qrgVerify([saved, "--api", api.url, "--json"], await api.token());
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).valid).toBe(true);

    const content = new Uint8Array(
      await (
        await fetch(body.artifact.location, { headers: { authorization: `Bearer ${await api.token()}` } })
      ).arrayBuffer(),
    );
    await flipStoredContentByte(api.dataDir, content, -2);
    const bad = await qrgVerify([saved, "--api", api.url], await api.token());
    expect(bad.code).toBe(1);
    expect(`${bad.stdout}${bad.stderr}`).toMatch(/hash/i);
  });

  it("keeps artifacts signed before a key rotation valid, and lists the retired key", async () => {
    await using api = await startTestApi();
    const before = await json(await api.post(GENERATE, example));
    const rotated = await (await openKeyRing(api.config)).rotate("ed25519");
    await new Promise((r) => setTimeout(r, 1200)); // the running ring picks up rotations within 1 s
    const after = await json(await api.post(GENERATE, example));
    expect(after.provenance.signature.public_key_ref).toMatch(new RegExp(`${rotated.key_id}$`));
    expect(after.provenance.signature.public_key_ref).not.toBe(before.provenance.signature.public_key_ref);
    for (const r of [before, after]) {
      const v = await json(
        await api.post("/api/v1/qrg/validate", { qrg_id: r.qrg_id, expected_hash: r.artifact.hash }),
      );
      expect(v.valid).toBe(true);
    }
    const keys = (await json(await api.get("/api/v1/qrg/keys"))).keys as Array<{
      status: string;
      algorithm: string;
    }>;
    const ed = keys.filter((k) => k.algorithm === "ed25519");
    expect(ed.map((k) => k.status).sort()).toEqual(["active", "retired"]);
  });

  it("answers an exhausted quota with 429 and Retry-After", async () => {
    await using api = await startTestApi({ QRG_QUOTAS: "on" });
    const token = await api.token({ tier: 1 });
    const request = { ...example, context: { ...example.context, tier_level: 1 } };
    let last: Response | undefined;
    for (let i = 0; i < 61; i++) {
      last = await api.post(GENERATE, { ...request, seed: `quota-seed-number-${i}` }, token);
      if (last.status !== 200) break;
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    const problem = await json(last!);
    expect(problem).toMatchObject({ code: "quota_exceeded", status: 429 });
  });

  it("serves the MockQRGAdapter only when QRG_ADAPTER=mock, marked as mock", async () => {
    await using api = await startTestApi({ QRG_ADAPTER: "mock" });
    const body = await json(await api.post(GENERATE, example));
    expect(body.artifact.location).toMatch(/^mock:\/\//);
    expect(body.provenance.builder_id).toMatch(/mock/);
    expect((await json(await api.get("/api/v1/qrg/health"))).version).toMatch(/mock/);
    await using production = await startTestApi();
    const real = await json(await production.post(GENERATE, example));
    expect(real.artifact.location).toMatch(/^http:\/\//);
    expect(real.provenance.builder_id).not.toMatch(/mock/);
  });
});
