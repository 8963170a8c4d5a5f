export { DirectorySyncer } from "./directory-syncer.ts";
export { createFsArtifactStore, FsArtifactStore, type FsArtifactStoreOptions } from "./fs-artifact-store.ts";
export { type StoreLayout, storeLayout } from "./layout.ts";
export { StoredRecordSchema } from "./stored-record-schema.ts";
