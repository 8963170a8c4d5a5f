export {
  type AuditEntry,
  type AuditEvent,
  AuditEventSchema,
  AuditLog,
  type AuditSignatureCheck,
  type AuditSigner,
  type AuditVerification,
  readAuditTail,
  verifyAuditLog,
} from "./audit/index.ts";
export {
  createEncryptedArtifactStore,
  type EncryptedArtifactStoreOptions,
} from "./encryption/encrypted-artifact-store.ts";
export {
  createEncryptedFsArtifactStore,
  type EncryptedFsArtifactStoreOptions,
} from "./encryption/encrypted-fs-store.ts";
export {
  createFileKemKeyProvider,
  type FileKemKeyProvider,
  type FileKemKeyProviderOptions,
} from "./encryption/file-kem-key-provider.ts";
export type { KemKeyProvider } from "./encryption/kem-key-provider.ts";
export { createFsArtifactStore, type FsArtifactStore } from "./fs-artifact-store.ts";
export type { FsArtifactStoreOptions, FsArtifactStoreStats } from "./fs-store-options.ts";
