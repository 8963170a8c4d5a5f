import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { createFsArtifactStore, type FsArtifactStore, type FsArtifactStoreOptions } from "../../src/index.ts";

const dirs: string[] = [];
const stores: FsArtifactStore[] = [];

afterEach(async () => {
  // Close first (a test may have broken the directory on purpose: that close may fail), then delete.
  await Promise.all(stores.splice(0).map((store) => store.close().catch(() => {})));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh data directory under the OS temp dir, removed after the test. */
export async function tmpDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "qrg-storage-"));
  dirs.push(dir);
  return dir;
}

/** Opens a store on `dataDir` that is closed after the test. */
export async function openStore(
  dataDir: string,
  options: Omit<FsArtifactStoreOptions, "dataDir"> = {},
): Promise<FsArtifactStore> {
  const store = await createFsArtifactStore({ ...options, dataDir });
  stores.push(store);
  return store;
}

export async function tmpStore(
  options: Omit<FsArtifactStoreOptions, "dataDir"> = {},
): Promise<{ store: FsArtifactStore; dataDir: string }> {
  const dataDir = await tmpDataDir();
  return { store: await openStore(dataDir, options), dataDir };
}
