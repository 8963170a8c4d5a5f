import fs from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type ArtifactStore, type CommitEntry, QRGUnavailableError, type StoredRecord } from "@qrg/core";
import type { PublicKeyInfo } from "@qrg/schema";
import { encodeJournalFrame, toJournalEntry } from "../journal/frame.ts";
import {
  claimJournalOwner,
  findOrphanedJournals,
  type JournalOwner,
  releaseJournalOwner,
} from "../journal/owner.ts";
import { FileKeyDirectory } from "../keys/file-key-directory.ts";
import type { PublicKeyDirectory } from "../keys/public-key-directory.ts";
import { parseDigest, qrgIdKey } from "../layout.ts";
import { RecordCache } from "../record-cache.ts";
import { artifactExpired, type RetentionListener, RetentionPolicy } from "../retention.ts";

export type { LogArtifactStoreOptions } from "./log-store-options.ts";

import { checkCommitEntry, conflict, storageError } from "../store-checks.ts";
import { parseStoredRecord } from "../stored-record-schema.ts";
import { LogAppender } from "./log-appender.ts";
import { LogCatalog } from "./log-catalog.ts";
import { LogIndex, type LogLocation } from "./log-index.ts";
import { compactExpired } from "./log-retention.ts";
import type { LogArtifactStoreOptions } from "./log-store-options.ts";
import { Tombstones } from "./log-tombstones.ts";
import { SbomFiles } from "./sbom-files.ts";
import { SegmentReader } from "./segment-reader.ts";

/**
 * The log-structured embedded store: one append per artifact. Content, attestation and record travel as
 * one CRC-checked frame into this store's journal segments, group-committed with one fdatasync per batch;
 * `commit` resolves once that flush is done (the commit point is the hand-over to the appender: an abort
 * before it leaves nothing). Reads are positioned reads located by an in-memory index, rebuilt from the
 * segments at open. Torn tails of dead writers are cut at open and never indexed. Several processes may
 * share the data directory: each appends to its own writer directory and sees the others' by tail scans.
 */
export class LogArtifactStore implements ArtifactStore, PublicKeyDirectory {
  readonly #root: string;
  readonly #owner: JournalOwner;
  readonly #writersDir: string;
  readonly #index = new LogIndex();
  readonly #catalog: LogCatalog;
  readonly #tombstones: Tombstones;
  readonly #policy: RetentionPolicy;
  readonly #listener: RetentionListener | undefined;
  readonly #cache: RecordCache;
  readonly #sboms: SbomFiles;
  readonly #keys: FileKeyDirectory;
  readonly #verifyContentHash: boolean;
  readonly #committing = new Set<string>();
  readonly #reader = new SegmentReader();
  readonly #compactionTimer: NodeJS.Timeout;
  #appender!: LogAppender;
  #deadDirs = new Set<string>();
  #closing: Promise<void> | undefined;
  #compacting: Promise<unknown> | undefined;
  readonly stats = { commits: 0, segmentsDropped: 0, artifactsRemoved: 0, compactionFailures: 0 };

  private constructor(
    root: string,
    owner: JournalOwner,
    writersDir: string,
    options: LogArtifactStoreOptions,
  ) {
    this.#root = root;
    this.#owner = owner;
    this.#writersDir = writersDir;
    this.#catalog = new LogCatalog(this.#index, writersDir, owner.dir);
    this.#tombstones = new Tombstones(join(root, "log", "expired"));
    this.#policy = new RetentionPolicy(options.retentionDays);
    this.#listener = options.onRetentionRemoval;
    this.#cache = new RecordCache(options.recordCacheSize ?? 10_000);
    this.#sboms = new SbomFiles(join(root, "sboms"));
    this.#keys = new FileKeyDirectory(join(root, "public-keys"));
    this.#verifyContentHash = options.verifyContentHash ?? true;
    this.#compactionTimer = setInterval(() => {
      this.compact().catch(() => {}); // counted in stats; retried next round
    }, options.compactionIntervalMs ?? 600_000).unref();
  }

  /** Opens (creating if needed) the store under `options.dataDir` and indexes every writer's segments. */
  static async open(options: LogArtifactStoreOptions = {}): Promise<LogArtifactStore> {
    const root = resolve(options.dataDir ?? "./.qrg-data");
    const writersDir = join(root, "log", "writers");
    for (const dir of [writersDir, join(root, "log", "expired"), join(root, "sboms")]) {
      await mkdir(dir, { recursive: true });
    }
    const owner = await claimJournalOwner(writersDir);
    const store = new LogArtifactStore(root, owner, writersDir, options);
    try {
      store.#deadDirs = new Set(await findOrphanedJournals(writersDir));
      await store.#tombstones.refresh();
      await store.#catalog.refresh(store.#deadDirs);
      store.#appender = await LogAppender.open({
        dir: owner.dir,
        firstSeq: 1,
        segmentMaxBytes: options.segmentMaxBytes ?? 64 * 1024 * 1024,
        segmentMaxAgeMs: options.segmentMaxAgeMs ?? 3_600_000,
        onSealed: () => {},
      });
    } catch (error) {
      clearInterval(store.#compactionTimer);
      releaseJournalOwner(owner);
      throw error;
    }
    return store;
  }

  /** The data directory this store lives in. */
  get dataDir(): string {
    return this.#root;
  }

  get catalogStats(): LogCatalog["stats"] {
    return this.#catalog.stats;
  }

  get appenderStats(): LogAppender["stats"] {
    return this.#appender.stats;
  }

  async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
    if (this.#closing) throw new QRGUnavailableError("the artifact store is closed");
    checkCommitEntry(entry, this.#verifyContentHash);
    if (
      this.#committing.has(entry.qrg_id) ||
      this.#index.has(entry.qrg_id) ||
      this.#tombstones.hasId(entry.qrg_id)
    ) {
      throw conflict(entry.qrg_id);
    }
    signal.throwIfAborted();
    // The commit point: from here on the commit completes whatever the signal does.
    this.#committing.add(entry.qrg_id);
    try {
      const journalEntry = toJournalEntry(entry);
      const frame = encodeJournalFrame(journalEntry);
      const where = await this.#appender.append(frame);
      const segment = this.#index.addSegment(where.path, this.#owner.dir, where.seq);
      const contentOffset = where.offset + 16 + frame.readUInt32LE(12);
      const attestationOffset = contentOffset + entry.content.byteLength;
      this.#catalog.indexOwn(
        segment,
        {
          entry: journalEntry,
          contentOffset,
          attestationOffset,
          recordOffset: attestationOffset + entry.attestation.byteLength,
        },
        where.offset + frame.byteLength,
      );
      this.#cache.set(entry.qrg_id, entry.record);
      this.stats.commits++;
    } finally {
      this.#committing.delete(entry.qrg_id);
    }
  }

  async getRecord(qrgId: string): Promise<StoredRecord | undefined> {
    const location = await this.#locate(qrgId);
    if (!location) return undefined;
    const cached = this.#cache.get(qrgId);
    if (cached) return cached;
    const bytes = await this.#read(location, location.record);
    let record: StoredRecord;
    try {
      record = parseStoredRecord(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
      );
    } catch (error) {
      throw storageError(`the stored record of ${qrgId} does not parse`, error);
    }
    this.#cache.set(qrgId, record);
    return record;
  }

  /** The bytes exactly as stored — not re-hashed, so that validation can detect tampering. */
  async getContent(hash: string): Promise<Uint8Array | undefined> {
    parseDigest(hash);
    let location = this.#index.content(hash);
    if (!location && !this.#tombstones.hasContent(hash)) {
      await this.#catalog.refresh();
      location = this.#index.content(hash);
    }
    if (!location) {
      if (this.#tombstones.hasContent(hash)) throw artifactExpired(hash);
      return undefined;
    }
    if (this.#policy.isExpired(location.storedAtMs)) throw artifactExpired(hash);
    return this.#read(location, location.content);
  }

  async getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    const location = await this.#locate(qrgId);
    return location ? this.#read(location, location.attestation) : undefined;
  }

  putSbom(digest: string, bytes: Uint8Array): Promise<void> {
    return this.#sboms.put(digest, bytes);
  }

  getSbom(digest: string): Promise<Uint8Array | undefined> {
    return this.#sboms.get(digest);
  }

  /** Publishes public signing keys for every process sharing this data directory (`public-keys/<key_id>.json`). */
  publishKeys(keys: readonly PublicKeyInfo[]): Promise<void> {
    return this.#keys.publishKeys(keys);
  }

  publishedKeys(): Promise<PublicKeyInfo[]> {
    return this.#keys.publishedKeys();
  }

  async health(): Promise<"ok" | "error"> {
    if (this.#closing || !this.#appender.healthy) return "error";
    try {
      await access(this.#owner.dir, fs.constants.W_OK);
      return "ok";
    } catch {
      return "error";
    }
  }

  /** Every live (unexpired) artifact location, after catching up with the other writers. */
  async *locations(): AsyncGenerator<LogLocation> {
    await this.#catalog.refresh();
    for (const location of this.#index.locations()) {
      if (!this.#policy.isExpired(location.storedAtMs)) yield location;
    }
  }

  /** Reads one payload of a location yielded by `locations()`. */
  readPayload(location: LogLocation, part: "content" | "attestation" | "record"): Promise<Uint8Array> {
    return this.#read(location, location[part]);
  }

  /** Drops the segments whose artifacts have all expired (see compactExpired); runs one at a time. */
  async compact(nowMs = Date.now()): Promise<{ segmentsDropped: number; artifactsRemoved: number }> {
    while (this.#compacting) await this.#compacting.catch(() => {});
    const run = this.#compactOnce(nowMs);
    this.#compacting = run;
    try {
      return await run;
    } catch (error) {
      this.stats.compactionFailures++;
      throw error;
    } finally {
      this.#compacting = undefined;
    }
  }

  async #compactOnce(nowMs: number): Promise<{ segmentsDropped: number; artifactsRemoved: number }> {
    this.#deadDirs = new Set(await findOrphanedJournals(this.#writersDir));
    await this.#catalog.refresh(this.#deadDirs);
    const result = await compactExpired(
      {
        index: this.#index,
        tombstones: this.#tombstones,
        policy: this.#policy,
        listener: this.#listener,
        mayDrop: (segment) =>
          this.#deadDirs.has(segment.writerDir) ||
          (segment.writerDir === this.#owner.dir && segment.seq !== this.#appender.currentSeq),
        onDropped: (segment) => this.#reader.forget(segment.path),
      },
      nowMs,
    );
    this.stats.segmentsDropped += result.segmentsDropped;
    this.stats.artifactsRemoved += result.artifactsRemoved;
    return result;
  }

  /** Refuses new commits, lets appended ones finish, closes every file. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#compactionTimer);
      while (this.#compacting) await this.#compacting.catch(() => {});
      await this.#appender.close();
      releaseJournalOwner(this.#owner);
      await this.#reader.closeAll();
    })();
    return this.#closing;
  }

  async #locate(qrgId: string): Promise<LogLocation | undefined> {
    qrgIdKey(qrgId);
    let location = this.#index.get(qrgId);
    if (!location && !this.#tombstones.hasId(qrgId)) {
      await Promise.all([this.#catalog.refresh(), this.#tombstones.refresh()]);
      location = this.#index.get(qrgId);
    }
    if (!location) {
      if (this.#tombstones.hasId(qrgId)) throw artifactExpired(qrgId);
      return undefined;
    }
    if (this.#policy.isExpired(location.storedAtMs)) throw artifactExpired(qrgId);
    return location;
  }

  async #read(location: LogLocation, part: { offset: number; length: number }): Promise<Uint8Array> {
    try {
      return await this.#reader.read(location.segment.path, part.offset, part.length);
    } catch (error) {
      if (this.#policy.isExpired(location.storedAtMs)) throw artifactExpired(location.qrg_id);
      throw storageError(`reading ${location.qrg_id} from ${location.segment.path} failed`, error);
    }
  }
}

/** Opens a log store; see LogArtifactStore. */
export function createLogArtifactStore(options: LogArtifactStoreOptions = {}): Promise<LogArtifactStore> {
  return LogArtifactStore.open(options);
}
