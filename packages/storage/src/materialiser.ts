import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { hashBytes, parseHash } from "@qrg/core";
import { writeAtomically } from "./durability/atomic-write.ts";
import type { JournalEntry } from "./journal/frame.ts";
import type { JournalSegment } from "./journal/segment.ts";
import {
  attestationPath,
  contentDir,
  contentPath,
  parseDigest,
  recordPath,
  type StoreLayout,
} from "./layout.ts";

/** Where an entry's three files live. Building them validates the qrg_id and the digest. */
export interface EntryPaths {
  content: string;
  contentDir: string;
  attestation: string;
  record: string;
}

export function entryPaths(layout: StoreLayout, qrgId: string, contentHash: string): EntryPaths {
  const digest = parseDigest(contentHash);
  return {
    content: contentPath(layout, digest),
    contentDir: contentDir(layout, digest),
    attestation: attestationPath(layout, qrgId),
    record: recordPath(layout, qrgId),
  };
}

/**
 * Writes journal entries out to the store's layout, so that reads find them as ordinary files. Every file
 * is written to a temp name and renamed into place (readers see all of it or nothing) without a flush: the
 * journal holds the entry until a checkpoint has made these files durable.
 */
export class Materialiser {
  readonly #layout: StoreLayout;
  /** Content fan-out directories known to exist. */
  readonly #knownDirs = new Set<string>();
  /** Content files being written, so that concurrent commits of the same bytes write them once. */
  readonly #contentWrites = new Map<string, Promise<void>>();

  constructor(layout: StoreLayout, existingContentDirs: Iterable<string> = []) {
    this.#layout = layout;
    for (const dir of existingContentDirs) this.#knownDirs.add(dir);
  }

  /**
   * The commit path: content (unless it was already stored) and attestation first, then the record, so
   * that a visible record always has its content and attestation. Notes every file and directory touched
   * in `segment`, for the checkpoint that will make them durable.
   */
  async materialise(
    entry: JournalEntry,
    paths: EntryPaths,
    contentPresent: boolean,
    segment: JournalSegment,
  ): Promise<void> {
    await Promise.all([
      contentPresent ? undefined : this.#writeContentOnce(paths, entry.content, segment),
      writeAtomically(paths.attestation, entry.attestation),
    ]);
    await writeAtomically(paths.record, entry.record);
    segment.files.add(paths.content).add(paths.attestation).add(paths.record);
    segment.directories.add(paths.contentDir).add(this.#layout.attestationsDir).add(this.#layout.recordsDir);
  }

  /**
   * Recovery: makes the entry's files hold what the journal says — the journal is authoritative for
   * entries no checkpoint has covered yet. A file that is missing, or differs (a power loss can leave a
   * renamed but unflushed file empty or short), is rewritten; a matching one is left alone. A content file
   * that differs from the journal's bytes but still hashes to its digest is kept too (it is valid content,
   * e.g. the first of two commits of the same bytes). Returns how many files were rewritten.
   */
  async repair(entry: JournalEntry, paths: EntryPaths, verifyContentHash: boolean): Promise<number> {
    let rewritten = 0;
    const existingContent = await readIfPresent(paths.content);
    const contentOk =
      existingContent !== undefined &&
      (existingContent.equals(entry.content) ||
        (verifyContentHash &&
          hashBytes(parseHash(entry.content_hash).algorithm, existingContent) === entry.content_hash));
    if (!contentOk) {
      await this.#ensureContentDir(paths.contentDir);
      await writeAtomically(paths.content, entry.content);
      rewritten++;
    }
    for (const [path, bytes] of [
      [paths.attestation, entry.attestation],
      [paths.record, entry.record],
    ] as const) {
      const existing = await readIfPresent(path);
      if (existing?.equals(bytes)) continue;
      await writeAtomically(path, bytes);
      rewritten++;
    }
    return rewritten;
  }

  async #writeContentOnce(paths: EntryPaths, bytes: Uint8Array, segment: JournalSegment): Promise<void> {
    let write = this.#contentWrites.get(paths.content);
    if (!write) {
      write = this.#writeContent(paths, bytes, segment).finally(() =>
        this.#contentWrites.delete(paths.content),
      );
      this.#contentWrites.set(paths.content, write);
    }
    await write;
  }

  async #writeContent(paths: EntryPaths, bytes: Uint8Array, segment: JournalSegment): Promise<void> {
    if (await this.#ensureContentDir(paths.contentDir)) {
      // New fan-out (and maybe algorithm) directories: their entries live in the parents.
      segment.directories.add(dirname(paths.contentDir)).add(this.#layout.contentRoot);
    }
    await writeAtomically(paths.content, bytes);
  }

  /** Makes `content/<alg>/<xx>` on first use. Returns whether anything was created. */
  async #ensureContentDir(dir: string): Promise<boolean> {
    if (this.#knownDirs.has(dir)) return false;
    const first = await mkdir(dir, { recursive: true });
    this.#knownDirs.add(dir);
    return first !== undefined;
  }
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
