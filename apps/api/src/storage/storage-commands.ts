import { resolve } from "node:path";
import { QRGError } from "@qrg/core";
import {
  assertInitApplied,
  exportLogStore,
  initS3Bucket,
  LogArtifactStore,
  S3ArtifactStore,
} from "@qrg/storage";
import { openConfiguredStore } from "./open-store.ts";
import type { StorageEnv } from "./storage-env.ts";

/**
 * `pnpm qrg-api storage init`: with QRG_STORAGE=s3, creates the bucket if missing and applies versioning,
 * default encryption and the QRG_RETENTION_DAYS lifecycle rule; prints one line per step and fails
 * naming every step the server refused. The embedded store needs nothing: it says so.
 */
export async function storageInit(
  env: StorageEnv,
  dataDir: string,
  print: (line: string) => void,
): Promise<void> {
  const { store } = await openConfiguredStore(env, dataDir);
  try {
    if (!(store instanceof S3ArtifactStore)) {
      print(`QRG_STORAGE=fs: the embedded store in ${resolve(dataDir)} needs no initialisation`);
      return;
    }
    const results = await initS3Bucket(store);
    for (const result of results) {
      print(`${result.step}: ${result.status}${result.status === "failed" ? ` — ${result.error}` : ""}`);
    }
    assertInitApplied(results);
  } finally {
    await store.close?.();
  }
}

/**
 * `pnpm qrg-api export <dir>`: writes the embedded store's artifacts in the per-artifact layout
 * (artifacts/, attestations/, sboms/) into <dir>. The S3 store already has that layout in its bucket.
 */
export async function exportStore(
  env: StorageEnv,
  dataDir: string,
  targetDir: string | undefined,
  print: (line: string) => void,
): Promise<void> {
  if (!targetDir) throw new QRGError("validation_error", "usage: qrg-api export <target directory>");
  const { store } = await openConfiguredStore(env, dataDir);
  try {
    if (!(store instanceof LogArtifactStore)) {
      throw new QRGError(
        "validation_error",
        "export reads the embedded store (QRG_STORAGE=fs); an S3 bucket already holds the per-artifact layout",
      );
    }
    const report = await exportLogStore(store, resolve(targetDir));
    print(
      `exported ${report.artifacts} artifacts (${report.contentFiles} content files) and ${report.sboms} SBOMs to ${resolve(targetDir)}`,
    );
  } finally {
    await store.close?.();
  }
}
