import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import {
  type FsArtifactStore,
  type FsStoreInternals,
  openFsArtifactStore,
} from "../../src/fs-artifact-store.ts";
import type { FsArtifactStoreOptions } from "../../src/fs-store-options.ts";

/** The public options plus the package-internal ones (the encrypting store's `verifyContentHash`). */
type StoreOptions = Omit<FsArtifactStoreOptions, "dataDir"> & Partial<FsStoreInternals>;

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
export async function openStore(dataDir: string, options: StoreOptions = {}): Promise<FsArtifactStore> {
  const { verifyContentHash = true, ...rest } = options;
  const store = await openFsArtifactStore({ ...rest, dataDir }, { verifyContentHash });
  stores.push(store);
  return store;
}

export async function tmpStore(
  options: StoreOptions = {},
): Promise<{ store: FsArtifactStore; dataDir: string }> {
  const dataDir = await tmpDataDir();
  return { store: await openStore(dataDir, options), dataDir };
}
