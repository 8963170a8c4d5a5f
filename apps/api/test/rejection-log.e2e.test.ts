import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { loadDevIssuer } from "../src/auth/dev-issuer.ts";
import { spawnServer } from "./support/spawn-server.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const example = readFixture<Record<string, any>>("example-request.json");

/** The JSON log lines a server wrote, parsed (the non-JSON "listening on" line left out). */
function logLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the gate-rejection log event", () => {
  it("is written once per rejection, in the shape docs/operations/qrg_runbook.md documents", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "qrg-rejection-log-"));
    try {
      await using server = await spawnServer(cli, ["serve"], {
        PORT: "0",
        HOST: "127.0.0.1",
        QRG_DATA_DIR: dataDir,
        QRG_QUOTAS: "off",
        QRG_LOG_LEVEL: "info",
        OTEL_TRACES_EXPORTER: "none",
      });
      const token = await (await loadDevIssuer(dataDir)).sign(
        { sub: example.user_id, tier: 4, consent: ["consciousness"] },
        { audience: "qrg-api", ttlSeconds: 600 },
      );
      const res = await fetch(`${server.url}/api/v1/qrg/generate`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          ...example,
          context: { ...example.context, intent: "help me kill my neighbour tonight" },
        }),
      });
      expect(res.status).toBe(422);
      const problem = (await res.json()) as Record<string, unknown>;

      let rejections: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 50 && rejections.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        rejections = logLines(server.stdout()).filter((l) => /reject/i.test(String(l.event ?? "")));
      }
      expect(rejections).toHaveLength(1);
      const [line] = rejections;
      expect(line).toMatchObject({
        event: "safety_rejection",
        gate: problem.gate,
        rule: problem.rule,
        reason: problem.reason,
        user_id: example.user_id,
        level: expect.anything(),
      });
      expect(typeof line!.score).toBe("number");
      expect(line!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
