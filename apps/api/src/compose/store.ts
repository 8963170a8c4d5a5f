import { join } from "node:path";
import type { ArtifactStore } from "@qrg/core";
import {
  createEncryptedFsArtifactStore,
  createFileKemKeyProvider,
  createFsArtifactStore,
} from "@qrg/storage";
import type { ApiConfig } from "../config.ts";

/**
 * The filesystem store over the data dir, with ML-KEM-1024 + X25519 envelope encryption when
 * QRG_ENCRYPTION_AT_REST is on (the KEM key pair lives beside the signing keys, sealed with the same
 * passphrase).
 */
export async function composeStore(config: ApiConfig): Promise<ArtifactStore> {
  if (!config.QRG_ENCRYPTION_AT_REST) return createFsArtifactStore({ dataDir: config.dataDir });
  const kem = await createFileKemKeyProvider({
    dir: join(config.dataDir, "keys"),
    ...(config.QRG_KEY_PASSPHRASE_FILE ? { passphraseFile: config.QRG_KEY_PASSPHRASE_FILE } : {}),
  });
  return createEncryptedFsArtifactStore({ dataDir: config.dataDir, kem });
}
