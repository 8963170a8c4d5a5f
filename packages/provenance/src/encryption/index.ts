export {
  createEncryptedArtifactStore,
  ENCRYPTED_RESPONSE_FIELD,
  type EncryptedArtifactStoreOptions,
} from "./encrypted-artifact-store.ts";
export { ENVELOPE_OVERHEAD_BYTES, openEnvelope, type SealKey, sealEnvelope } from "./envelope.ts";
export {
  createFileKemKeyProvider,
  type FileKemKeyProvider,
  type FileKemKeyProviderOptions,
  KEM_KEY_FILE,
  type ScryptCost,
} from "./file-kem-key-provider.ts";
export {
  generateHybridKemKeyPair,
  HYBRID_KEM_SUITE,
  type HybridKemCiphertext,
  type HybridKemKeyPair,
  type HybridKemPublicKey,
  type HybridKemSecretKey,
  hybridDecapsulate,
  hybridEncapsulate,
  hybridKemKeyPairFromSecret,
  type KemBackend,
  resolveKemBackend,
} from "./hybrid-kem.ts";
export type { KemKeyProvider } from "./kem-key-provider.ts";
