export { DirectorySyncer } from "./directory-syncer.ts";
export {
  createFilesystemSync,
  type DurabilityMethod,
  type DurabilityRequest,
  type FilesystemSyncOptions,
  type MakeDurable,
} from "./filesystem-sync.ts";
export {
  createFsArtifactStore,
  FsArtifactStore,
  type FsArtifactStoreOptions,
  type FsArtifactStoreStats,
} from "./fs-artifact-store.ts";
export {
  type DecodedSegment,
  decodeJournalSegment,
  encodeJournalFrame,
  type JournalEntry,
  toJournalEntry,
} from "./journal-frame.ts";
export type { RecoveryReport } from "./journal-replay.ts";
export { type StoreLayout, storeLayout } from "./layout.ts";
export { StoredRecordSchema } from "./stored-record-schema.ts";
