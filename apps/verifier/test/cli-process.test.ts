import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixtures } from "./support/build-fixtures.ts";

const CLI = join(import.meta.dirname, "..", "src", "cli.ts");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qrg-verify-process-"));
  await buildFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the real entry point in a child process (bounded by a timeout). */
function runProcess(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...argv],
      { cwd: dir, env, timeout: 20_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

describe("the qrg-verify process", () => {
  it("exits 0 for a valid artifact, 1 for a tampered one and 2 for a usage error", async () => {
    const [valid, invalid, usage] = await Promise.all([
      runProcess(["response.json", "--content", "content.json", "--keys", "keys.json"]),
      runProcess(["response.json", "--content", "content-tampered.json", "--keys", "keys.json"]),
      runProcess(["response.json", "--policy", "nope"]),
    ]);
    expect(valid).toMatchObject({ code: 0, stderr: "" });
    expect(valid.stdout).toMatch(/VALID\n$/);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain("INVALID: failed artifact.hash");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--policy must be one of");
  });

  it("verifies a hybrid artifact's ML-DSA-87 signatures with @noble, as on a Node without ML-DSA", async () => {
    const argv = ["response-hybrid.json", "--content", "content-hybrid.json", "--keys", "keys.json"];
    const noble = await runProcess([...argv, "--attestation", "attestation-hybrid.json"], {
      ...process.env,
      QRG_CRYPTO_BACKEND: "noble",
    });
    expect(noble).toMatchObject({ code: 0, stderr: "" });
    expect(noble.stdout).toMatch(/PASS {2}signature\.ml-dsa-87 .*verified with active key/);
    expect(noble.stdout).toMatch(/PASS {2}attestation\.envelope\.ml-dsa-87 .*verified/);
  });
});
