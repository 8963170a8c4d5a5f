import { statSync } from "node:fs";
import { access, mkdir, readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  type ArtifactStore,
  type CommitEntry,
  hashBytes,
  type ParsedHash,
  QRGError,
  type StoredRecord,
} from "@qrg/core";
import { DirectorySyncer } from "./directory-syncer.ts";
import { fsyncDirectory, linkNoClobber, removeIfPresent, writeDurableTemp } from "./durable-file.ts";
import {
  attestationPath,
  contentDir,
  contentPath,
  fixedDirectories,
  parseDigest,
  recordPath,
  type StoreLayout,
  sbomPath,
  storeLayout,
} from "./layout.ts";
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
}

/**
 * The embedded, filesystem ArtifactStore: write-once, content-addressed, crash-safe.
 *
 * Guarantees:
 * - Nothing is ever overwritten. Files are written to a temp name, fdatasync'ed, then linked to their final
 *   name with link(), which fails atomically if the name exists (also across processes sharing the
 *   directory), and the directory is fsynced before anything that depends on the entry.
 * - `commit` writes content and attestation, makes them durable, and only then links the record — the
 *   commit point — and fsyncs its directory. When `commit` resolves, all three survive a power loss; a
 *   record is never durable without its content and attestation.
 * - If `commit` rejects, or its signal aborts before the record is linked, the attestation written for the
 *   qrg_id is removed. Content blobs stay: they are shared by every record with the same bytes.
 * - Reads never see a partial file: only complete, fsynced files ever carry a final name.
 */
export class FsArtifactStore implements ArtifactStore {
  readonly dataDir: string;
  readonly #layout: StoreLayout;
  readonly #syncers = new Map<string, DirectorySyncer>();
  /** qrg_ids with a commit in flight in this process: a second commit of the same id is a conflict. */
  readonly #committing = new Set<string>();
  /** Content fan-out directories known to exist durably (made on first use). */
  readonly #knownContentDirs = new Set<string>();

  readonly #verifyContentHash: boolean;

  /** Use `createFsArtifactStore`, which also creates the layout and removes stale temp files. */
  constructor(dataDir: string, options: { verifyContentHash?: boolean } = {}) {
    this.#verifyContentHash = options.verifyContentHash ?? true;
    this.dataDir = resolve(dataDir);
    this.#layout = storeLayout(this.dataDir);
  }

  /** Creates missing directories (durably) and removes temp files left by crashed writers. */
  async open(): Promise<this> {
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
      for (const dir of contentDirs) this.#knownContentDirs.add(dir);
    } catch (error) {
      throw storageError(`cannot open the artifact store at ${this.dataDir}`, error);
    }
    return this;
  }

  async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const recordFile = recordPath(this.#layout, entry.qrg_id);
    const attestationFile = attestationPath(this.#layout, entry.qrg_id);
    const digest = parseDigest(entry.content_hash);
    checkEntry(entry, digest, this.#verifyContentHash);

    if (this.#committing.has(entry.qrg_id)) throw conflict(entry.qrg_id);
    this.#committing.add(entry.qrg_id);
    const temps: string[] = [];
    let attestationLinked = false;
    let recordLinked = false;
    try {
      if (exists(recordFile)) throw conflict(entry.qrg_id);

      // 1. Content (unless already stored), attestation and record go to fsynced temp files in parallel.
      const recordBytes = new TextEncoder().encode(JSON.stringify(entry.record));
      const written = await Promise.allSettled([
        this.#prepareContent(digest, entry.content),
        writeDurableTemp(attestationFile, entry.attestation),
        writeDurableTemp(recordFile, recordBytes),
      ]);
      for (const result of written)
        if (result.status === "fulfilled" && result.value) temps.push(result.value);
      const failed = written.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
      const [contentTemp, attestationTemp, recordTemp] = written.map((r) =>
        r.status === "fulfilled" ? r.value : undefined,
      );
      signal.throwIfAborted();

      // 2. Link content and attestation, and make both entries durable before the record can exist.
      if (contentTemp) this.#linkContent(contentTemp, contentPath(this.#layout, digest), entry.content);
      if (linkNoClobber(attestationTemp!, attestationFile) === "exists") throw conflict(entry.qrg_id);
      attestationLinked = true;
      await Promise.all([
        this.#syncer(contentDir(this.#layout, digest)).sync(),
        this.#syncer(this.#layout.attestationsDir).sync(),
      ]);

      // 3. The commit point: after this link the artifact exists, whatever happens to the signal.
      signal.throwIfAborted();
      if (linkNoClobber(recordTemp!, recordFile) === "exists") throw conflict(entry.qrg_id);
      recordLinked = true;
      await this.#syncer(this.#layout.recordsDir).sync();
    } catch (error) {
      for (const temp of temps) removeQuietly(temp);
      if (attestationLinked) await this.#rollback(recordLinked ? recordFile : undefined, attestationFile);
      if (error instanceof QRGError || (signal.aborted && error === signal.reason)) throw error;
      throw storageError(`commit of ${entry.qrg_id} failed`, error);
    } finally {
      this.#committing.delete(entry.qrg_id);
    }
  }

  async getRecord(qrgId: string): Promise<StoredRecord | undefined> {
    const path = recordPath(this.#layout, qrgId);
    const text = await readIfPresent(path, () => readFile(path, "utf8"));
    if (text === undefined) return undefined;
    try {
      return parseStoredRecord(text);
    } catch (error) {
      throw storageError(`the stored record of ${qrgId} is corrupt`, error);
    }
  }

  /** The bytes exactly as stored — not re-hashed, so that validation can detect tampering. */
  async getContent(hash: string): Promise<Uint8Array | undefined> {
    return this.#readBytes(contentPath(this.#layout, parseDigest(hash)));
  }

  /** The attestation of a committed qrg_id. One orphaned by a crash before its record landed stays hidden. */
  async getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    const attestationFile = attestationPath(this.#layout, qrgId);
    if (!exists(recordPath(this.#layout, qrgId))) return undefined;
    return this.#readBytes(attestationFile);
  }

  /** Stores an SBOM under its digest; storing the same bytes again is a no-op. */
  async putSbom(digest: string, bytes: Uint8Array): Promise<void> {
    const parsed = parseDigest(digest);
    if (hashBytes(parsed.algorithm, bytes) !== digest) {
      throw new QRGError("storage_error", `SBOM bytes do not match the digest ${digest}`);
    }
    const finalPath = sbomPath(this.#layout, parsed);
    try {
      if (!matchesExisting(finalPath, bytes)) {
        const temp = await writeDurableTemp(finalPath, bytes);
        if (linkNoClobber(temp, finalPath) === "exists") matchesExisting(finalPath, bytes);
      }
      await this.#syncer(this.#layout.sbomsDir).sync();
    } catch (error) {
      if (error instanceof QRGError) throw error;
      throw storageError(`storing the SBOM ${digest} failed`, error);
    }
  }

  async getSbom(digest: string): Promise<Uint8Array | undefined> {
    return this.#readBytes(sbomPath(this.#layout, parseDigest(digest)));
  }

  /** "ok" when a probe file can be created, flushed and removed in the data directory. */
  async health(): Promise<"ok" | "error"> {
    try {
      const temp = await writeDurableTemp(join(this.#layout.healthDir, "probe"), new Uint8Array([1]));
      removeIfPresent(temp);
      await access(this.#layout.recordsDir);
      return "ok";
    } catch {
      return "error";
    }
  }

  /** Returns a temp path to link, or undefined when identical content is already stored. */
  async #prepareContent(digest: ParsedHash, bytes: Uint8Array): Promise<string | undefined> {
    const finalPath = contentPath(this.#layout, digest);
    await this.#ensureContentDir(contentDir(this.#layout, digest));
    if (matchesExisting(finalPath, bytes)) return undefined;
    return writeDurableTemp(finalPath, bytes);
  }

  /** Makes `content/<alg>/<xx>` on first use and fsyncs the parents that gained an entry. */
  async #ensureContentDir(dir: string): Promise<void> {
    if (this.#knownContentDirs.has(dir)) return;
    const algorithmDir = dirname(dir);
    const first = await mkdir(dir, { recursive: true });
    if (first !== undefined) {
      const parents = first === algorithmDir ? [this.#layout.contentRoot, algorithmDir] : [algorithmDir];
      await Promise.all(parents.map((parent) => this.#syncer(parent).sync()));
    }
    this.#knownContentDirs.add(dir);
  }

  #linkContent(temp: string, finalPath: string, bytes: Uint8Array): void {
    // A concurrent commit of the same bytes may have won the race: then the stored file is already ours.
    if (linkNoClobber(temp, finalPath) === "exists") matchesExisting(finalPath, bytes);
  }

  /** Removes what a failed commit left under its qrg_id, durably. Best effort: the original error wins. */
  async #rollback(recordFile: string | undefined, attestationFile: string): Promise<void> {
    try {
      if (recordFile) {
        removeIfPresent(recordFile);
        await this.#syncer(this.#layout.recordsDir).sync();
      }
      removeIfPresent(attestationFile);
      await this.#syncer(this.#layout.attestationsDir).sync();
    } catch {
      // The commit already failed; a leftover attestation without a record stays invisible to readers.
    }
  }

  #syncer(dir: string): DirectorySyncer {
    let syncer = this.#syncers.get(dir);
    if (!syncer) {
      syncer = new DirectorySyncer(dir);
      this.#syncers.set(dir, syncer);
    }
    return syncer;
  }

  async #readBytes(path: string): Promise<Uint8Array | undefined> {
    const buffer = await readIfPresent(path, () => readFile(path));
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

/** Opens (creating if needed) the filesystem store rooted at `dataDir`. */
export async function createFsArtifactStore(options: FsArtifactStoreOptions = {}): Promise<FsArtifactStore> {
  return new FsArtifactStore(options.dataDir ?? "./.qrg-data", {
    verifyContentHash: options.verifyContentHash ?? true,
  }).open();
}

/**
 * Whether a content-addressed file already holds these bytes. The digest was verified before the file was
 * written, and only complete files carry a final name, so an equal size is taken as identity (a full re-hash
 * would double the I/O of every repeated seed). A different size means the file was damaged outside the
 * store: refuse rather than overwrite evidence.
 */
function matchesExisting(finalPath: string, bytes: Uint8Array): boolean {
  const found = statSync(finalPath, { throwIfNoEntry: false });
  if (!found) return false;
  if (found.size !== bytes.byteLength) {
    throw new QRGError(
      "storage_error",
      `stored file ${finalPath} has ${found.size} bytes, expected ${bytes.byteLength}: it was altered outside the store`,
    );
  }
  return true;
}

function removeQuietly(path: string): void {
  try {
    removeIfPresent(path);
  } catch {
    // A temp file that cannot be removed now is removed at the next start.
  }
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

function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    throw storageError(`cannot check ${path}`, error);
  }
}

function conflict(qrgId: string): QRGError {
  return new QRGError("conflict", `${qrgId} is already stored (records are write-once)`);
}

function storageError(message: string, cause: unknown): QRGError {
  return new QRGError("storage_error", message, { cause });
}
