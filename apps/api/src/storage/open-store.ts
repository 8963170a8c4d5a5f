import { type ArtifactStore, QRGError } from "@qrg/core";
import {
  createLogArtifactStore,
  createS3ArtifactStore,
  type PublicKeyDirectory,
  type RetentionListener,
} from "@qrg/storage";
import type { StorageEnv } from "./storage-env.ts";

export interface OpenedStore {
  /** The store, as the service sees it. */
  store: ArtifactStore;
  /** Where instances publish their public keys: the same store. */
  keys: PublicKeyDirectory;
  /** Which backend `QRG_STORAGE` chose. */
  kind: "fs" | "s3";
}

/**
 * Opens the store `QRG_STORAGE` names: the embedded log-structured store in the data directory (default)
 * or the S3 bucket, both with `QRG_RETENTION_DAYS` and the removal listener (the audit trail).
 * `verifyContentHash: false` is for the encryption decorator, which stores ciphertext under the
 * plaintext's digest.
 */
export async function openConfiguredStore(
  env: StorageEnv,
  dataDir: string,
  options: { onRetentionRemoval?: RetentionListener; verifyContentHash?: boolean } = {},
): Promise<OpenedStore> {
  const retention = {
    retentionDays: env.QRG_RETENTION_DAYS,
    verifyContentHash: options.verifyContentHash ?? true,
    ...(options.onRetentionRemoval ? { onRetentionRemoval: options.onRetentionRemoval } : {}),
  };
  if (env.QRG_STORAGE === "s3") {
    if (!env.QRG_S3_BUCKET) throw new QRGError("config_error", "QRG_STORAGE=s3 needs QRG_S3_BUCKET");
    const store = createS3ArtifactStore({
      bucket: env.QRG_S3_BUCKET,
      prefix: env.QRG_S3_PREFIX,
      ...(env.QRG_S3_ENDPOINT ? { endpoint: env.QRG_S3_ENDPOINT } : {}),
      conditionalWrites: env.QRG_S3_CONDITIONAL_WRITES,
      ...retention,
    });
    return { store, keys: store, kind: "s3" };
  }
  const store = await createLogArtifactStore({ dataDir, ...retention });
  return { store, keys: store, kind: "fs" };
}
