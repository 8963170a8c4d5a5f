// This folder's names in one place for its tests; the package's front door is src/index.ts.
export type { DirectoryLockOptions } from "./directory-lock.ts";
export {
  DEFAULT_SCRYPT_PARAMS,
  decryptPrivateKey,
  type EncryptedKeyFile,
  encryptPrivateKey,
  type KeyLabel,
  parseEncryptedKeyFile,
  type ScryptParams,
} from "./encrypted-key-file.ts";
export {
  createFileKeyRing,
  type FileKeyRing,
  type FileKeyRingOptions,
  KEY_ALGORITHMS,
} from "./file-key-ring.ts";
export { KEY_INDEX_FILE, type KeyIndex, type KeyIndexEntry, readKeyIndex } from "./key-index.ts";
export {
  type KeyRingFactory,
  type KeyRingProviders,
  type KeyRingResolveOptions,
  keyReferenceScheme,
  type ResolveKeyRingOptions,
  resolveKeyRing,
} from "./key-reference.ts";
