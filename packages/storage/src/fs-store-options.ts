import type { Checkpointer } from "./durability/checkpointer.ts";
import type { DurabilityMethod, MakeDurable } from "./durability/filesystem-sync.ts";
import type { RecoveryReport } from "./journal/replay.ts";
import type { JournalWriter } from "./journal/writer.ts";

export interface FsArtifactStoreOptions {
  /**
   * Root directory of the store, created if missing. The API passes `QRG_DATA_DIR`.
   * @default "./.qrg-data"
   */
  dataDir?: string;
  /**
   * Size at which the journal rotates to a new segment (and the old one is checkpointed).
   * @default 67108864 (64 MiB)
   */
  segmentMaxBytes?: number;
  /**
   * Age (from its first commit) at which a journal segment is rotated and checkpointed even if small.
   * @default 30000
   */
  segmentMaxAgeMs?: number;
  /**
   * How many parsed records `getRecord` keeps in memory (LRU); 0 turns the cache off.
   * @default 10000
   */
  recordCacheSize?: number;
  /**
   * `health()` writes and flushes a probe file at most this often; calls in between reuse its result.
   * @default 5000
   */
  healthProbeIntervalMs?: number;
  /**
   * How a checkpoint (and recovery) makes materialised files durable before deleting journal segments.
   * @default createFilesystemSync() — one `sync -f <dataDir>` (syncfs), else an fsync per file
   */
  makeDurable?: MakeDurable;
}

/** Counters for operators and tests. */
export interface FsArtifactStoreStats {
  /** Commits that resolved. */
  commits: number;
  /** Journal batches appended — each exactly one write and one fdatasync. */
  journalBatches: number;
  journalBytes: number;
  /** Journal segments sealed by rotation. */
  rotations: number;
  /** Checkpoints that completed, and the segments they deleted. */
  checkpoints: number;
  segmentsDeleted: number;
  checkpointFailures: number;
  /** Sealed segments waiting for a checkpoint. */
  segmentsPending: number;
  /** How the last checkpoint made files durable (undefined before the first, or with a custom makeDurable). */
  durability: DurabilityMethod | undefined;
  /** What `open()` replayed from the journals of stores that were gone. */
  recovery: RecoveryReport | undefined;
}

export function collectStats(
  commits: number,
  writer: JournalWriter | undefined,
  checkpointer: Checkpointer | undefined,
  makeDurable: MakeDurable & { method?: () => DurabilityMethod | undefined },
  recovery: RecoveryReport | undefined,
): FsArtifactStoreStats {
  const written = writer?.stats;
  const checkpoints = checkpointer?.stats;
  return {
    commits,
    journalBatches: written?.batches ?? 0,
    journalBytes: written?.bytes ?? 0,
    rotations: written?.rotations ?? 0,
    checkpoints: checkpoints?.checkpoints ?? 0,
    segmentsDeleted: checkpoints?.segmentsDeleted ?? 0,
    checkpointFailures: checkpoints?.failures ?? 0,
    segmentsPending: checkpointer?.pending ?? 0,
    durability: makeDurable.method?.(),
    recovery,
  };
}
