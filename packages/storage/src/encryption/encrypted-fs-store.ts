import type { ArtifactStore } from "@qrg/core";
import { openFsArtifactStore } from "../fs-artifact-store.ts";
import type { FsArtifactStoreOptions } from "../fs-store-options.ts";
import {
  createEncryptedArtifactStore,
  type EncryptedArtifactStoreOptions,
} from "./encrypted-artifact-store.ts";
import type { KemKeyProvider } from "./kem-key-provider.ts";

export interface EncryptedFsArtifactStoreOptions
  extends FsArtifactStoreOptions,
    EncryptedArtifactStoreOptions {
  /** The KEM key pairs envelopes are sealed to and opened with (e.g. `createFileKemKeyProvider`). */
  kem: KemKeyProvider;
}

/**
 * The filesystem store with encryption at rest: content, attestations and responses are sealed before
 * they reach the disk. The decorator checks each plaintext digest itself (the files hold ciphertext under
 * the plaintext's digest), so the filesystem store underneath does not re-hash content.
 */
export async function createEncryptedFsArtifactStore(
  options: EncryptedFsArtifactStoreOptions,
): Promise<ArtifactStore> {
  const { kem, allowPlaintextReads, backend, ...fsOptions } = options;
  const inner = await openFsArtifactStore(fsOptions, { verifyContentHash: false });
  return createEncryptedArtifactStore(inner, kem, {
    ...(allowPlaintextReads === undefined ? {} : { allowPlaintextReads }),
    ...(backend === undefined ? {} : { backend }),
  });
}
