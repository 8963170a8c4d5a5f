import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "./support/harness.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url);

async function qrgApi(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it. */
async function expectGolden(name: string, actual: string) {
  if (process.env.UPDATE_GOLDEN === "1") await writeFile(golden(name), actual);
  expect(actual).toBe(await readFile(golden(name), "utf8"));
}

describe("the qrg-api CLI", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "qrg-cli-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints a dev-issuer token that the API accepts, with the claims asked for", async () => {
    const out = await qrgApi(
      ["token", "--sub", "lid:abc123def456", "--tier", "4", "--consent", "consciousness"],
      {
        QRG_DATA_DIR: dataDir,
      },
    );
    expect(out.code).toBe(0);
    const token = out.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({
      sub: "lid:abc123def456",
      tier: 4,
      consent: ["consciousness"],
      aud: "qrg-api",
    });
    await using api = await startTestApi({}, {}, dataDir);
    const res = await api.post(
      "/api/v1/qrg/validate",
      { qrg_id: "qrg:0", expected_hash: `sha256:${"0".repeat(64)}` },
      token,
    );
    expect(res.status).toBe(404); // authenticated: the artifact simply does not exist
  });

  it("rotates a key and lists both, the old one retired", async () => {
    const first = await qrgApi(["keys", "rotate", "--algorithm", "ecdsa-p256"], { QRG_DATA_DIR: dataDir });
    const second = await qrgApi(["keys", "rotate", "--algorithm", "ecdsa-p256"], { QRG_DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const listed = await qrgApi(["keys", "list"], { QRG_DATA_DIR: dataDir });
    const keys = JSON.parse(listed.stdout).keys.filter(
      (k: { algorithm: string }) => k.algorithm === "ecdsa-p256",
    );
    const byId = new Map(keys.map((k: { key_id: string }) => [k.key_id, k]));
    expect((byId.get(JSON.parse(first.stdout).key_id) as { status: string }).status).toBe("retired");
    expect((byId.get(JSON.parse(second.stdout).key_id) as { status: string }).status).toBe("active");
  }, 60_000); // three CLI processes, each loading the key ring

  it.each([
    ["usage-no-command.txt", []],
    ["usage-unknown-command.txt", ["bogus"]],
    ["usage-bad-tier.txt", ["token", "--sub", "lid:x", "--tier", "9"]],
    ["usage-bad-algorithm.txt", ["keys", "rotate", "--algorithm", "rsa"]],
  ])("answers a usage error with exit 2 and a message (%s)", async (name, args) => {
    const out = await qrgApi(args, { QRG_DATA_DIR: dataDir });
    expect(out.code).toBe(2);
    await expectGolden(name, out.stdout + out.stderr);
  });

  it("refuses to start on an invalid configuration, naming the variable", async () => {
    const out = await qrgApi(["serve"], { QRG_DATA_DIR: dataDir, PORT: "99999" });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/PORT/);
  });

  it("refuses to start on an invalid gate policy", async () => {
    const policy = join(dataDir, "bad-policy.json");
    await writeFile(policy, JSON.stringify({ policy_id: "x", version: "1", rules: [{ id: "r" }] }));
    const out = await qrgApi(["serve"], { QRG_DATA_DIR: dataDir, PORT: "0", QRG_POLICY_FILE: policy });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/polic/i);
  });
});
