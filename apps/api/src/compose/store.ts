import { join } from "node:path";
import type { ArtifactStore, Logger } from "@qrg/core";
import {
  createEncryptedArtifactStore,
  createFileKemKeyProvider,
  type PublicKeyDirectory,
} from "@qrg/storage";
import type { ApiConfig } from "../config.ts";
import { openConfiguredStore } from "../storage/open-store.ts";

export interface ComposedStore {
  store: ArtifactStore;
  /** Where this instance publishes its public keys and finds the other instances': the same store. */
  keys: PublicKeyDirectory;
}

/**
 * The store `QRG_STORAGE` names (the embedded log-structured store by default, or S3) with
 * `QRG_RETENTION_DAYS`, every retention removal logged before it happens, and ML-KEM-1024 + X25519
 * envelope encryption when QRG_ENCRYPTION_AT_REST is on (the KEM key pair lives beside the signing keys,
 * sealed with the same passphrase; the decorator checks plaintext digests, so the store underneath does not).
 */
export async function composeStore(config: ApiConfig, logger: Logger): Promise<ComposedStore> {
  const opened = await openConfiguredStore(config, config.dataDir, {
    verifyContentHash: !config.QRG_ENCRYPTION_AT_REST,
    onRetentionRemoval: (removals) => {
      for (const removal of removals) {
        logger.info({ event: "retention_removed", ...removal }, "artifact removed by retention");
      }
    },
  });
  if (!config.QRG_ENCRYPTION_AT_REST) return { store: opened.store, keys: opened.keys };
  const kem = await createFileKemKeyProvider({
    dir: join(config.dataDir, "keys"),
    ...(config.QRG_KEY_PASSPHRASE_FILE ? { passphraseFile: config.QRG_KEY_PASSPHRASE_FILE } : {}),
  });
  return { store: createEncryptedArtifactStore(opened.store, kem), keys: opened.keys };
}
