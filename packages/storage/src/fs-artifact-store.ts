import { access, rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type ArtifactStore,
  type CommitEntry,
  fsyncPath,
  QRGError,
  QRGUnavailableError,
  type StoredRecord,
} from "@qrg/core";
import type { Checkpointer } from "./durability/checkpointer.ts";
import { DirectorySyncer } from "./durability/directory-syncer.ts";
import {
  createFilesystemSync,
  type DurabilityMethod,
  type MakeDurable,
} from "./durability/filesystem-sync.ts";
import { collectStats, type FsArtifactStoreOptions, type FsArtifactStoreStats } from "./fs-store-options.ts";
import { HealthProbe } from "./health-probe.ts";
import { encodeJournalFrame, type JournalEntry, toJournalEntry } from "./journal/frame.ts";
import { type JournalOwner, releaseJournalOwner } from "./journal/owner.ts";
import type { RecoveryReport } from "./journal/replay.ts";
import type { JournalSegment } from "./journal/segment.ts";
import type { JournalWriter } from "./journal/writer.ts";
import {
  attestationPath,
  contentPath,
  parseDigest,
  recordPath,
  type StoreLayout,
  sbomPath,
  storeLayout,
} from "./layout.ts";
import { type EntryPaths, entryPaths, type Materialiser } from "./materialiser.ts";
import { openJournal } from "./open-journal.ts";
import { readWholeFile } from "./read-file.ts";
import { RecordCache } from "./record-cache.ts";
import { writeSbomFile } from "./sbom-files.ts";
import {
  checkEntry,
  closed,
  conflict,
  contentIsStored,
  readBytes,
  readIfPresent,
  storageError,
} from "./store-checks.ts";
import { parseStoredRecord } from "./stored-record-schema.ts";

export type { FsArtifactStoreOptions, FsArtifactStoreStats } from "./fs-store-options.ts";

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
  readonly #probe: HealthProbe;

  /**
   * Use `createFsArtifactStore`, which also opens the store (recovery, journal). `internal` is for this
   * package's encrypting store, which keeps ciphertext under the plaintext's digest and checks that digest
   * itself.
   */
  constructor(
    dataDir: string,
    options: Omit<FsArtifactStoreOptions, "dataDir"> = {},
    internal: FsStoreInternals = { verifyContentHash: true },
  ) {
    this.dataDir = resolve(dataDir);
    this.#layout = storeLayout(this.dataDir);
    this.#options = options;
    this.#verifyContentHash = internal.verifyContentHash;
    this.#makeDurable = options.makeDurable ?? createFilesystemSync();
    this.#cache = new RecordCache(options.recordCacheSize ?? 10_000);
    this.#sbomSyncer = new DirectorySyncer(this.#layout.sbomsDir);
    this.#probe = new HealthProbe(this.#layout.healthDir, options.healthProbeIntervalMs ?? 5_000);
  }

  /**
   * Creates missing directories (durably), removes temp files left by crashed writers, replays the
   * journals of stores that are gone, and starts this store's journal. Call once, before serving.
   */
  async open(): Promise<this> {
    if (this.#writer) return this;
    let owner: JournalOwner | undefined;
    try {
      const opened = await openJournal({
        layout: this.#layout,
        verifyContentHash: this.#verifyContentHash,
        makeDurable: this.#makeDurable,
        segmentMaxBytes: this.#options.segmentMaxBytes,
        segmentMaxAgeMs: this.#options.segmentMaxAgeMs,
        rematerialise: (segment) => this.#rematerialise(segment),
        onOwner: (claimed) => {
          owner = claimed;
        },
      });
      this.#materialiser = opened.materialiser;
      this.#recovery = opened.recovery;
      this.#owner = opened.owner;
      this.#writer = opened.writer;
      this.#checkpointer = opened.checkpointer;
    } catch (error) {
      if (owner) releaseJournalOwner(owner);
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
    const bytes = await readBytes(path);
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
    return readBytes(attestationFile);
  }

  /** Stores an SBOM under its digest, durably (fsync + link + directory fsync); idempotent. */
  putSbom(digest: string, bytes: Uint8Array): Promise<void> {
    return writeSbomFile(this.#layout, this.#sbomSyncer, digest, bytes);
  }

  async getSbom(digest: string): Promise<Uint8Array | undefined> {
    return readBytes(sbomPath(this.#layout, parseDigest(digest)));
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
    // A failed checkpoint leaves its segments in place; retry it at the probe's pace, in the background.
    const probed = this.#probe.result(() => {
      if (checkpointer.lastError !== undefined) void checkpointer.run().catch(() => {});
    });
    if (checkpointer.lastError !== undefined) return "error";
    return (await probed) ? "ok" : "error";
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
    return collectStats(this.#commits, this.#writer, this.#checkpointer, this.#makeDurable, this.#recovery);
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
}

/** Opens (creating if needed) the filesystem store rooted at `dataDir`, after recovering its journal. */
export async function createFsArtifactStore(options: FsArtifactStoreOptions = {}): Promise<FsArtifactStore> {
  return openFsArtifactStore(options, { verifyContentHash: true });
}

/** What only this package may change about the store: not part of the public options. */
export interface FsStoreInternals {
  /** Check that content bytes hash to their `content_hash` before writing. */
  verifyContentHash: boolean;
}

/** createFsArtifactStore with the package-internal settings (the encrypting store turns hashing off). */
export async function openFsArtifactStore(
  options: FsArtifactStoreOptions,
  internal: FsStoreInternals,
): Promise<FsArtifactStore> {
  const { dataDir, ...rest } = options;
  return new FsArtifactStore(dataDir ?? "./.qrg-data", rest, internal).open();
}
