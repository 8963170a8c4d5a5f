import { access, mkdir, readdir, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  type ArtifactStore,
  type CommitEntry,
  hashBytes,
  type ParsedHash,
  QRGError,
  QRGUnavailableError,
  type StoredRecord,
} from "@qrg/core";
import { Checkpointer } from "./checkpointer.ts";
import { DirectorySyncer } from "./directory-syncer.ts";
import {
  fsyncDirectory,
  fsyncPath,
  linkNoClobber,
  removeIfPresent,
  writeDurableTemp,
} from "./durable-file.ts";
import { createFilesystemSync, type DurabilityMethod, type MakeDurable } from "./filesystem-sync.ts";
import { encodeJournalFrame, type JournalEntry, toJournalEntry } from "./journal-frame.ts";
import { claimJournalOwner, type JournalOwner, releaseJournalOwner } from "./journal-owner.ts";
import { type RecoveryReport, replayOrphanedJournals } from "./journal-replay.ts";
import type { JournalSegment } from "./journal-segment.ts";
import { JournalWriter } from "./journal-writer.ts";
import {
  attestationPath,
  contentPath,
  fixedDirectories,
  parseDigest,
  recordPath,
  type StoreLayout,
  sbomPath,
  storeLayout,
} from "./layout.ts";
import { type EntryPaths, entryPaths, Materialiser } from "./materialiser.ts";
import { readWholeFile } from "./read-file.ts";
import { RecordCache } from "./record-cache.ts";
import { parseStoredRecord } from "./stored-record-schema.ts";
import { removeStaleTempFiles } from "./temp-files.ts";

export interface FsArtifactStoreOptions {
  /**
   * Root directory of the store, created if missing. The API passes `QRG_DATA_DIR`.
   * @default "./.qrg-data"
   */
  dataDir?: string;
  /**
   * Check that content bytes hash to their `content_hash` before writing. An encrypting decorator
   * (`createEncryptedArtifactStore`) stores ciphertext under the plaintext's digest and turns this off; it
   * re-hashes the decrypted bytes on read instead.
   * @default true
   */
  verifyContentHash?: boolean;
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

/**
 * The embedded, filesystem ArtifactStore: write-once, content-addressed, crash-safe, built around a
 * group-commit write-ahead journal.
 *
 * - `commit` validates the entry and rejects conflicts; then — the commit point — it hands the entry to
 *   the journal writer. An abort before that leaves nothing; after it the commit completes whatever the
 *   signal says. The writer appends every pending entry with one write and one fdatasync per batch; once
 *   the batch is durable the entry is materialised as ordinary files (temp + rename, no flush), and only
 *   then does `commit` resolve: resolved ⇒ durable (through the journal) and readable.
 * - Checkpoints, in the background, make the materialised files of sealed segments durable (one syncfs)
 *   and then delete those segments.
 * - `open()` replays the journals of stores that are gone (crashed): every complete entry is materialised
 *   if missing or damaged; a torn tail — never acknowledged — is ignored.
 * - Nothing is overwritten by a commit: committing an existing qrg_id is a `conflict`; content is stored
 *   once per digest. Reads see complete files only.
 */
export class FsArtifactStore implements ArtifactStore {
  readonly dataDir: string;
  readonly #layout: StoreLayout;
  readonly #verifyContentHash: boolean;
  readonly #options: Omit<FsArtifactStoreOptions, "dataDir">;
  readonly #makeDurable: MakeDurable & { method?: () => DurabilityMethod | undefined };
  readonly #cache: RecordCache;
  readonly #sbomSyncer: DirectorySyncer;
  /** qrg_ids with a commit in flight in this store: a second commit of the same id is a conflict. */
  readonly #committing = new Set<string>();
  /** Durable entries whose files could not be written yet (served from memory, retried at checkpoint). */
  readonly #unmaterialised = new Map<string, JournalEntry>();
  #materialiser: Materialiser | undefined;
  #writer: JournalWriter | undefined;
  #checkpointer: Checkpointer | undefined;
  #owner: JournalOwner | undefined;
  #recovery: RecoveryReport | undefined;
  #commits = 0;
  #closing: Promise<void> | undefined;
  #probe: { at: number; result: Promise<boolean> } | undefined;

  /** Use `createFsArtifactStore`, which also opens the store (recovery, journal). */
  constructor(dataDir: string, options: Omit<FsArtifactStoreOptions, "dataDir"> = {}) {
    this.dataDir = resolve(dataDir);
    this.#layout = storeLayout(this.dataDir);
    this.#options = options;
    this.#verifyContentHash = options.verifyContentHash ?? true;
    this.#makeDurable = options.makeDurable ?? createFilesystemSync();
    this.#cache = new RecordCache(options.recordCacheSize ?? 10_000);
    this.#sbomSyncer = new DirectorySyncer(this.#layout.sbomsDir);
  }

  /**
   * Creates missing directories (durably), removes temp files left by crashed writers, replays the
   * journals of stores that are gone, and starts this store's journal. Call once, before serving.
   */
  async open(): Promise<this> {
    if (this.#writer) return this;
    try {
      const created: string[] = [];
      for (const dir of fixedDirectories(this.#layout)) {
        try {
          await mkdir(dir, { recursive: dir === this.#layout.root });
          created.push(dir);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      }
      // A new directory's own entry lives in its parent: fsync each parent once.
      for (const parent of new Set(created.map((dir) => dirname(dir)))) await fsyncDirectory(parent);
      const contentDirs = await listContentDirectories(this.#layout.contentRoot);
      await removeStaleTempFiles([...fixedDirectories(this.#layout).slice(1), ...contentDirs]);
      this.#materialiser = new Materialiser(this.#layout, contentDirs);
      this.#recovery = await replayOrphanedJournals({
        journalDir: this.#layout.journalDir,
        layout: this.#layout,
        materialiser: this.#materialiser,
        verifyContentHash: this.#verifyContentHash,
        makeDurable: this.#makeDurable,
      });
      this.#owner = await claimJournalOwner(this.#layout.journalDir);
      const checkpointer = new Checkpointer({
        root: this.#layout.root,
        makeDurable: this.#makeDurable,
        rematerialise: (segment) => this.#rematerialise(segment),
      });
      this.#writer = await JournalWriter.open({
        dir: this.#owner.dir,
        segmentMaxBytes: this.#options.segmentMaxBytes,
        segmentMaxAgeMs: this.#options.segmentMaxAgeMs,
        onSealed: (segment) => checkpointer.add(segment),
      });
      this.#checkpointer = checkpointer;
    } catch (error) {
      if (this.#owner) releaseJournalOwner(this.#owner);
      throw storageError(`cannot open the artifact store at ${this.dataDir}`, error);
    }
    return this;
  }

  async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const writer = this.#openWriter();
    const paths = entryPaths(this.#layout, entry.qrg_id, entry.content_hash);
    checkEntry(entry, parseDigest(entry.content_hash), this.#verifyContentHash);

    if (this.#committing.has(entry.qrg_id)) throw conflict(entry.qrg_id);
    this.#committing.add(entry.qrg_id);
    try {
      const [recordExists, contentPresent] = await Promise.all([
        this.#isCommitted(entry.qrg_id, paths.record),
        contentIsStored(paths.content, entry.content.byteLength),
      ]);
      if (recordExists) throw conflict(entry.qrg_id);
      signal.throwIfAborted();
      if (this.#closing) throw closed();

      // The commit point: from here on the commit completes, whatever happens to the signal.
      const journaled = toJournalEntry(entry);
      const segment = await writer.append(encodeJournalFrame(journaled));
      try {
        await this.#materialiser!.materialise(journaled, paths, contentPresent, segment);
      } catch {
        // Durable in the journal all the same: serve it from memory and retry before the checkpoint.
        segment.unmaterialised.set(entry.qrg_id, journaled);
        this.#unmaterialised.set(entry.qrg_id, journaled);
      } finally {
        segment.endMaterialising();
      }
      this.#commits++;
    } catch (error) {
      if (error instanceof QRGError || (signal.aborted && error === signal.reason)) throw error;
      throw storageError(`commit of ${entry.qrg_id} failed`, error);
    } finally {
      this.#committing.delete(entry.qrg_id);
    }
  }

  async getRecord(qrgId: string): Promise<StoredRecord | undefined> {
    const path = recordPath(this.#layout, qrgId);
    const cached = this.#cache.get(qrgId);
    if (cached) return cached;
    const pending = this.#unmaterialised.get(qrgId);
    const text = pending
      ? Buffer.from(pending.record).toString("utf8")
      : (await readIfPresent(path, () => readWholeFile(path)))?.toString("utf8");
    if (text === undefined) return undefined;
    let record: StoredRecord;
    try {
      record = parseStoredRecord(text);
    } catch (error) {
      throw storageError(`the stored record of ${qrgId} is corrupt`, error);
    }
    this.#cache.set(qrgId, record);
    return record;
  }

  /** The bytes exactly as stored — not re-hashed, so that validation can detect tampering. */
  async getContent(hash: string): Promise<Uint8Array | undefined> {
    const path = contentPath(this.#layout, parseDigest(hash));
    const bytes = await this.#readBytes(path);
    if (bytes !== undefined || this.#unmaterialised.size === 0) return bytes;
    for (const pending of this.#unmaterialised.values()) {
      if (pending.content_hash === hash) return pending.content;
    }
    return undefined;
  }

  /** The attestation of a committed qrg_id. One orphaned without its record stays hidden. */
  async getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    const attestationFile = attestationPath(this.#layout, qrgId);
    const pending = this.#unmaterialised.get(qrgId);
    if (pending) return pending.attestation;
    if (!(await this.#isCommitted(qrgId, recordPath(this.#layout, qrgId)))) return undefined;
    return this.#readBytes(attestationFile);
  }

  /** Stores an SBOM under its digest, durably (fdatasync + link + directory fsync); idempotent. */
  async putSbom(digest: string, bytes: Uint8Array): Promise<void> {
    const parsed = parseDigest(digest);
    if (hashBytes(parsed.algorithm, bytes) !== digest) {
      throw new QRGError("storage_error", `SBOM bytes do not match the digest ${digest}`);
    }
    const finalPath = sbomPath(this.#layout, parsed);
    try {
      if (!(await contentIsStored(finalPath, bytes.byteLength))) {
        const temp = await writeDurableTemp(finalPath, bytes);
        if ((await linkNoClobber(temp, finalPath)) === "exists")
          await contentIsStored(finalPath, bytes.byteLength);
      }
      await this.#sbomSyncer.sync();
    } catch (error) {
      if (error instanceof QRGError) throw error;
      throw storageError(`storing the SBOM ${digest} failed`, error);
    }
  }

  async getSbom(digest: string): Promise<Uint8Array | undefined> {
    return this.#readBytes(sbomPath(this.#layout, parseDigest(digest)));
  }

  /**
   * Cheap enough to call per request: "error" when the store is closed, the journal's last append failed,
   * the last checkpoint failed or the data directory is gone; plus a real write-and-flush probe, run at
   * most every `healthProbeIntervalMs` (the first call always runs it). A failed checkpoint is retried
   * in the background at the same pace.
   */
  async health(): Promise<"ok" | "error"> {
    const checkpointer = this.#checkpointer;
    if (this.#closing || !this.#writer?.healthy || !checkpointer) return "error";
    try {
      await access(this.#layout.recordsDir);
    } catch {
      return "error";
    }
    const interval = this.#options.healthProbeIntervalMs ?? 5_000;
    if (!this.#probe || performance.now() - this.#probe.at >= interval) {
      this.#probe = { at: performance.now(), result: this.#runProbe() };
      // A failed checkpoint leaves its segments in place; retry it at the probe's pace, in the background.
      if (checkpointer.lastError !== undefined) void checkpointer.run().catch(() => {});
    }
    if (checkpointer.lastError !== undefined) return "error";
    return (await this.#probe.result) ? "ok" : "error";
  }

  /**
   * Rotates the journal (if it holds anything) and checkpoints every sealed segment now: afterwards every
   * commit that resolved so far is durable as ordinary files and no journal segment covers it.
   */
  async checkpoint(): Promise<void> {
    const writer = this.#openWriter();
    try {
      await writer.requestRotation();
      await this.#checkpointer!.run();
    } catch (error) {
      throw storageError("checkpoint failed", error);
    }
  }

  /**
   * Graceful shutdown; idempotent. New commits are refused (`unavailable`), commits past their commit point
   * complete, the journal is flushed and checkpointed, and its files are closed and removed. If the final
   * checkpoint fails, the journal stays and the next `open()` replays it.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** Counters: journal batches (= fdatasyncs) versus commits, checkpoints, recovery. */
  get stats(): FsArtifactStoreStats {
    const writer = this.#writer?.stats;
    const checkpoints = this.#checkpointer?.stats;
    return {
      commits: this.#commits,
      journalBatches: writer?.batches ?? 0,
      journalBytes: writer?.bytes ?? 0,
      rotations: writer?.rotations ?? 0,
      checkpoints: checkpoints?.checkpoints ?? 0,
      segmentsDeleted: checkpoints?.segmentsDeleted ?? 0,
      checkpointFailures: checkpoints?.failures ?? 0,
      segmentsPending: this.#checkpointer?.pending ?? 0,
      durability: this.#makeDurable.method?.(),
      recovery: this.#recovery,
    };
  }

  async #close(): Promise<void> {
    const writer = this.#writer;
    const checkpointer = this.#checkpointer;
    const owner = this.#owner;
    if (!writer || !checkpointer || !owner) return;
    try {
      checkpointer.add(await writer.close());
      // One retry: a checkpoint already running when close() began may have failed on its own.
      await checkpointer.run().catch(() => checkpointer.run());
      await rm(owner.dir, { recursive: true, force: true });
      await fsyncPath(this.#layout.journalDir);
    } catch (error) {
      throw storageError(`closing the artifact store at ${this.dataDir} failed`, error);
    } finally {
      releaseJournalOwner(owner);
    }
  }

  #openWriter(): JournalWriter {
    if (this.#closing) throw closed();
    if (!this.#writer) throw new QRGUnavailableError("the artifact store is not open: call open() first");
    return this.#writer;
  }

  /** Whether a qrg_id has a committed record (in memory or on disk). */
  async #isCommitted(qrgId: string, recordFile: string): Promise<boolean> {
    if (this.#cache.has(qrgId) || this.#unmaterialised.has(qrgId)) return true;
    try {
      await stat(recordFile);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw storageError(`cannot check ${recordFile}`, error);
    }
  }

  /** Retries writing the files of durable entries whose first materialisation failed. */
  async #rematerialise(segment: JournalSegment): Promise<void> {
    for (const [qrgId, entry] of segment.unmaterialised) {
      let paths: EntryPaths;
      try {
        paths = entryPaths(this.#layout, entry.qrg_id, entry.content_hash);
        await this.#materialiser!.materialise(entry, paths, false, segment);
      } catch {
        continue;
      }
      segment.unmaterialised.delete(qrgId);
      this.#unmaterialised.delete(qrgId);
    }
  }

  async #runProbe(): Promise<boolean> {
    try {
      const temp = await writeDurableTemp(join(this.#layout.healthDir, "probe"), new Uint8Array([1]));
      await removeIfPresent(temp);
      return true;
    } catch {
      return false;
    }
  }

  async #readBytes(path: string): Promise<Uint8Array | undefined> {
    const buffer = await readIfPresent(path, () => readWholeFile(path));
    return buffer === undefined
      ? undefined
      : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
}

/** A missing file reads as undefined; any other failure is a storage error. */
async function readIfPresent<T>(path: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw storageError(`cannot read ${path}`, error);
  }
}

/** Opens (creating if needed) the filesystem store rooted at `dataDir`, after recovering its journal. */
export async function createFsArtifactStore(options: FsArtifactStoreOptions = {}): Promise<FsArtifactStore> {
  const { dataDir, ...rest } = options;
  return new FsArtifactStore(dataDir ?? "./.qrg-data", rest).open();
}

/**
 * Whether a content-addressed file already holds these bytes. The digest was verified before the file was
 * written, and only complete files carry a final name, so an equal size is taken as identity (a full re-hash
 * would double the I/O of every repeated seed). A different size means the file was damaged outside the
 * store: refuse rather than overwrite evidence.
 */
async function contentIsStored(finalPath: string, byteLength: number): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(finalPath)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw storageError(`cannot check ${finalPath}`, error);
  }
  if (size !== byteLength) {
    throw new QRGError(
      "storage_error",
      `stored file ${finalPath} has ${size} bytes, expected ${byteLength}: it was altered outside the store`,
    );
  }
  return true;
}

/** The entry must be self-consistent: its bytes hash to its digest and the record points at both. */
function checkEntry(entry: CommitEntry, digest: ParsedHash, verifyContent: boolean): void {
  if (verifyContent && hashBytes(digest.algorithm, entry.content) !== entry.content_hash) {
    throw new QRGError(
      "storage_error",
      `content bytes of ${entry.qrg_id} do not match ${entry.content_hash}`,
    );
  }
  if (entry.record.content_hash !== entry.content_hash) {
    throw new QRGError("storage_error", `record of ${entry.qrg_id} names another content hash`);
  }
  if (entry.record.response.qrg_id !== entry.qrg_id) {
    throw new QRGError("storage_error", `record of ${entry.qrg_id} holds the response of another qrg_id`);
  }
}

/** The `content/<alg>/<xx>` directories that exist. */
async function listContentDirectories(contentRoot: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const algorithm of await readdir(contentRoot, { withFileTypes: true })) {
    if (!algorithm.isDirectory()) continue;
    const algorithmDir = join(contentRoot, algorithm.name);
    for (const fanOut of await readdir(algorithmDir, { withFileTypes: true })) {
      if (fanOut.isDirectory()) dirs.push(join(algorithmDir, fanOut.name));
    }
  }
  return dirs;
}

function conflict(qrgId: string): QRGError {
  return new QRGError("conflict", `${qrgId} is already stored (records are write-once)`);
}

function closed(): QRGError {
  return new QRGUnavailableError("the artifact store is closed");
}

function storageError(message: string, cause: unknown): QRGError {
  return new QRGError("storage_error", message, { cause });
}
