import { readFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { fsyncPath } from "@qrg/core";
import type { MakeDurable } from "../durability/filesystem-sync.ts";
import type { StoreLayout } from "../layout.ts";
import { type EntryPaths, entryPaths, type Materialiser } from "../materialiser.ts";
import { decodeJournalSegment, type JournalEntry } from "./frame.ts";
import { findOrphanedJournals } from "./owner.ts";
import { listSegments } from "./segment.ts";

/** What `open()` found and did in the journals of stores that are gone. */
export interface RecoveryReport {
  /** Journal directories of dead owners that were replayed. */
  journals: number;
  segments: number;
  /** Complete, valid entries replayed. */
  entries: number;
  /** Materialised files that were missing or differed from the journal and were rewritten. */
  rewrittenFiles: number;
  /** Bytes after the last valid frame of a segment (torn tails of unacknowledged batches), ignored. */
  ignoredBytes: number;
  /** Frames whose qrg_id or digest is not a valid name (never written by this store), ignored. */
  skippedEntries: number;
}

export interface ReplayOptions {
  journalDir: string;
  layout: StoreLayout;
  materialiser: Materialiser;
  verifyContentHash: boolean;
  makeDurable: MakeDurable;
}

/** How many entries are repaired at once (each reads up to three files). */
const REPAIR_CONCURRENCY = 16;

/**
 * Recovery: replays, in order, every segment of every journal whose store is gone. Each complete entry is
 * materialised where its files are missing or wrong; a torn tail is ignored (it was never acknowledged).
 * Then everything the entries cover is made durable, and only then are the journals deleted — a crash
 * during recovery just means the next open replays again.
 */
export async function replayOrphanedJournals(options: ReplayOptions): Promise<RecoveryReport> {
  const report: RecoveryReport = {
    journals: 0,
    segments: 0,
    entries: 0,
    rewrittenFiles: 0,
    ignoredBytes: 0,
    skippedEntries: 0,
  };
  const orphans = await findOrphanedJournals(options.journalDir);
  if (orphans.length === 0) return report;

  const files = new Set<string>();
  const directories = new Set<string>([options.layout.attestationsDir, options.layout.recordsDir]);
  for (const dir of orphans) {
    report.journals++;
    for (const segment of await ifPresent(listSegments(dir), [])) {
      // Another store opening at the same time may have replayed and deleted it already.
      const bytes = await ifPresent(readFile(segment.path), undefined);
      if (bytes === undefined) continue;
      report.segments++;
      const decoded = decodeJournalSegment(bytes);
      report.ignoredBytes += decoded.ignoredBytes;
      const valid: Array<{ entry: JournalEntry; paths: EntryPaths }> = [];
      for (const entry of decoded.entries) {
        try {
          valid.push({ entry, paths: entryPaths(options.layout, entry.qrg_id, entry.content_hash) });
        } catch {
          report.skippedEntries++;
        }
      }
      await forEachBounded(valid, REPAIR_CONCURRENCY, async ({ entry, paths }) => {
        const rewritten = await options.materialiser.repair(entry, paths, options.verifyContentHash);
        report.rewrittenFiles += rewritten;
        report.entries++;
        // Files the dead store materialised may still be only in the page cache: cover all of them.
        files.add(paths.content).add(paths.attestation).add(paths.record);
        directories.add(paths.contentDir).add(dirname(paths.contentDir));
      });
    }
  }
  directories.add(options.layout.contentRoot);
  await options.makeDurable({ root: options.layout.root, files: [...files], directories: [...directories] });
  for (const dir of orphans) await rm(dir, { recursive: true, force: true });
  await fsyncPath(options.journalDir);
  return report;
}

/** The promise's value, or `fallback` when what it reads is gone (ENOENT). */
async function ifPresent<T, F>(read: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await read;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return fallback;
    throw error;
  }
}

async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
