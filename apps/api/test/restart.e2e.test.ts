import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFixture } from "@qrg/schema/testing";
import { afterAll, describe, expect, it } from "vitest";
import { loadDevIssuer } from "../src/auth/dev-issuer.ts";
import { json } from "./support/harness.ts";
import { spawnServer } from "./support/spawn-server.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const example = readFixture<Record<string, unknown>>("example-request.json");

describe("qrg-api serve across kill -9", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("keeps old artifacts valid and gives the same hash for the same request after a restart", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "qrg-restart-"));
    dirs.push(dataDir);
    const env = {
      PORT: "0",
      HOST: "127.0.0.1",
      QRG_DATA_DIR: dataDir,
      QRG_QUOTAS: "off",
      QRG_METRICS_PORT: "0",
    };
    const call = async (url: string, path: string, body: unknown) => {
      const token = await (await loadDevIssuer(dataDir)).sign(
        { sub: "lid:abc123def456", tier: 4, consent: ["consciousness"] },
        { audience: "qrg-api", ttlSeconds: 600 },
      );
      const res = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return (await json(res)) as Record<string, any>;
    };

    const first = await spawnServer(cli, ["serve"], env);
    const before = await call(first.url, "/api/v1/qrg/generate", example);
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));

    await using second = await spawnServer(cli, ["serve"], env);
    const validation = await call(second.url, "/api/v1/qrg/validate", {
      qrg_id: before.qrg_id,
      expected_hash: before.artifact.hash,
    });
    expect(validation).toEqual({
      valid: true,
      hash_match: true,
      signature_valid: true,
      provenance_verified: true,
    });
    const after = await call(second.url, "/api/v1/qrg/generate", example);
    expect(after.artifact.hash).toBe(before.artifact.hash);
    expect(after.qrg_id).not.toBe(before.qrg_id);
  }, 60_000); // two server processes, one killed mid-life

  it("shuts down gracefully on SIGTERM", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "qrg-sigterm-"));
    dirs.push(dataDir);
    const server = await spawnServer(cli, ["serve"], { PORT: "0", HOST: "127.0.0.1", QRG_DATA_DIR: dataDir });
    const exited = new Promise<number | null>((r) => server.child.once("exit", (code) => r(code)));
    server.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
