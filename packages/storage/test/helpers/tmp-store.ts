import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { createFsArtifactStore, type FsArtifactStore } from "../../src/index.ts";

const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh data directory under the OS temp dir, removed after the test. */
export async function tmpDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "qrg-storage-"));
  dirs.push(dir);
  return dir;
}

export async function tmpStore(): Promise<{ store: FsArtifactStore; dataDir: string }> {
  const dataDir = await tmpDataDir();
  return { store: await createFsArtifactStore({ dataDir }), dataDir };
}
