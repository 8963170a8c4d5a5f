import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { startTestApi } from "./support/harness.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const example = readFixture<Record<string, any>>("example-request.json");

async function qrgApi(args: string[], dataDir: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, QRG_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("qrg-api audit", () => {
  it("verifies the chain and signed checkpoints, tails it, and names the first tampered entry", async () => {
    const api = await startTestApi();
    const dataDir = api.dataDir;
    try {
      for (let i = 0; i < 3; i++) await api.post("/api/v1/qrg/generate", example);
      await api.post("/api/v1/qrg/generate", example, "bad-token");
    } finally {
      // Closing writes the final signed checkpoint; the data dir stays for the CLI.
      await api.server.close();
    }
    const ok = await qrgApi(["audit", "verify"], dataDir);
    expect(ok.stdout).toMatch(/audit log intact: 4 entries, 1 signed checkpoints, head seq 4/);
    expect(ok.code).toBe(0);

    const tail = await qrgApi(["audit", "tail", "-n", "2"], dataDir);
    expect(tail.code).toBe(0);
    const lines = tail.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.event.action)).toEqual(["artifact.generate", "auth.failure"]);

    const file = join(dataDir, "audit", "audit.log");
    const entries = (await readFile(file, "utf8")).split("\n");
    entries[1] = entries[1]!.replace('"status":200', '"status":201');
    await writeFile(file, entries.join("\n"));
    const bad = await qrgApi(["audit", "verify"], dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/audit log BROKEN at audit\.log line 2 \(seq 2\): hash does not match/);
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);
});
