import type { RetentionListener } from "../retention.ts";

export interface LogArtifactStoreOptions {
  /**
   * Root directory of the store, created if missing. The API passes `QRG_DATA_DIR`.
   * @default "./.qrg-data"
   */
  dataDir?: string;
  /**
   * Days an artifact is kept after its `stored_at`; 0 keeps everything. The API passes `QRG_RETENTION_DAYS`.
   * @default 90
   */
  retentionDays?: number;
  /** Told about every artifact retention removes (the audit trail), before it is removed. */
  onRetentionRemoval?: RetentionListener;
  /**
   * How often expired segments are looked for and dropped.
   * @default 600000 (10 minutes)
   */
  compactionIntervalMs?: number;
  /**
   * Rotate to a new segment at this size.
   * @default 67108864 (64 MiB)
   */
  segmentMaxBytes?: number;
  /**
   * Rotate a segment this long after its first commit, so that retention drops it soon after it expires.
   * @default 3600000 (1 hour)
   */
  segmentMaxAgeMs?: number;
  /**
   * Parsed records kept in memory for `getRecord` (LRU); 0 turns the cache off.
   * @default 10000
   */
  recordCacheSize?: number;
  /**
   * Hash content bytes before storing; an encrypting decorator that stores ciphertext turns it off.
   * @default true
   */
  verifyContentHash?: boolean;
}
