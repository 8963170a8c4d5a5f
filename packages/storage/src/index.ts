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
export type { PublicKeyDirectory } from "./keys/public-key-directory.ts";
export {
  createLogArtifactStore,
  LogArtifactStore,
  type LogArtifactStoreOptions,
} from "./log/log-artifact-store.ts";
export { type ExportReport, exportLogStore } from "./log/log-export.ts";
export {
  artifactExpired,
  DEFAULT_RETENTION_DAYS,
  type RetentionListener,
  RetentionPolicy,
  type RetentionRemoval,
} from "./retention.ts";
export {
  createS3ArtifactStore,
  S3ArtifactStore,
  type S3ArtifactStoreOptions,
} from "./s3/s3-artifact-store.ts";
export { assertInitApplied, type InitStepResult, initS3Bucket } from "./s3/s3-init.ts";
