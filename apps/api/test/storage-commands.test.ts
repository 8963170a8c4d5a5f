import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJsonBytes, hashBytes } from "@qrg/core";
import { createLogArtifactStore } from "@qrg/storage";
import { startTestS3Server, type TestS3Server } from "@qrg/storage/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { exportStore, storageInit } from "../src/storage/storage-commands.ts";
import { type StorageEnv, StorageEnvSchema } from "../src/storage/storage-env.ts";

let s3: TestS3Server;
const dirs: string[] = [];
beforeAll(async () => {
  s3 = await startTestS3Server();
  Object.assign(process.env, s3.env);
});
afterAll(() => s3.close());
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tmp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "qrg-storage-cmd-"));
  dirs.push(dir);
  return dir;
}

function env(vars: Record<string, string> = {}): StorageEnv {
  return StorageEnvSchema.parse(vars);
}

describe("storage environment", () => {
  it("defaults to the embedded store with 90 days and auto workers, and names bad values", () => {
    expect(env()).toMatchObject({
      QRG_STORAGE: "fs",
      QRG_RETENTION_DAYS: 90,
      QRG_WORKERS: "auto",
      QRG_S3_PREFIX: "",
    });
    expect(StorageEnvSchema.safeParse({ QRG_STORAGE: "nfs" }).success).toBe(false);
    expect(StorageEnvSchema.safeParse({ QRG_WORKERS: "0" }).success).toBe(false);
    expect(StorageEnvSchema.safeParse({ QRG_RETENTION_DAYS: "-1" }).success).toBe(false);
  });
});

describe("qrg-api storage init", () => {
  it("says the embedded store needs nothing", async () => {
    const lines: string[] = [];
    await storageInit(env(), await tmp(), (line) => lines.push(line));
    expect(lines.join("\n")).toMatch(/needs no initialisation/);
  });

  it("creates the bucket and reports the steps the S3 server refuses", async () => {
    const lines: string[] = [];
    const vars = { QRG_STORAGE: "s3", QRG_S3_BUCKET: "qrg-cmd-init", QRG_S3_ENDPOINT: s3.endpoint };
    await expect(storageInit(env(vars), await tmp(), (line) => lines.push(line))).rejects.toMatchObject({
      code: "config_error",
      message: expect.stringMatching(/lifecycle/),
    });
    expect(lines[0]).toBe("bucket: applied");
    expect(lines.some((line) => /^lifecycle: failed/.test(line))).toBe(true);
  });

  it("fails clearly without a bucket", async () => {
    await expect(storageInit(env({ QRG_STORAGE: "s3" }), await tmp(), () => {})).rejects.toMatchObject({
      code: "config_error",
    });
  });
});

describe("qrg-api export", () => {
  it("writes the per-artifact layout of the embedded store", async () => {
    const dataDir = await tmp();
    const store = await createLogArtifactStore({ dataDir });
    const content = canonicalJsonBytes({ tokens: ["aurora"] });
    const hash = hashBytes("sha256", content);
    const qrgId = "qrg:0e0e0e0e-1111-4222-8333-444444444444";
    await store.commit(
      {
        qrg_id: qrgId,
        content_hash: hash,
        content,
        attestation: new TextEncoder().encode("{}"),
        record: {
          response: {
            qrg_id: qrgId,
            seed: "export-command-seed-000",
            artifact: { type: "symbolic", location: "https://qrg.example/a", hash },
            safety: { status: "approved", gate_checks: {} },
            provenance: { builder_id: "test", build_time: new Date().toISOString() },
          },
          content_hash: hash,
          content_type: "application/json",
          stored_at: new Date().toISOString(),
        },
      },
      AbortSignal.timeout(5000),
    );
    await store.close();
    const target = await tmp();
    const lines: string[] = [];
    await exportStore(env(), dataDir, target, (line) => lines.push(line));
    expect(lines[0]).toMatch(/^exported 1 artifacts/);
    expect(await readdir(join(target, "artifacts", "records"))).toEqual([
      "0e0e0e0e-1111-4222-8333-444444444444.json",
    ]);
    await expect(exportStore(env(), dataDir, undefined, () => {})).rejects.toMatchObject({
      code: "validation_error",
    });
  });
});
