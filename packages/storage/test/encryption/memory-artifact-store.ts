import { MemoryArtifactStore } from "@qrg/core/testing";

/** The inner store of the decorator tests: it holds ciphertext under the plaintext digest, so no digest check. */
export function createMemoryArtifactStore(): MemoryArtifactStore {
  return new MemoryArtifactStore({ verifyContent: false });
}
