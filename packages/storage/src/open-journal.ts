import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { fsyncPath } from "@qrg/core";
import { Checkpointer } from "./durability/checkpointer.ts";
import type { MakeDurable } from "./durability/filesystem-sync.ts";
import { removeStaleTempFiles } from "./durability/temp-files.ts";
import { claimJournalOwner, type JournalOwner } from "./journal/owner.ts";
import { type RecoveryReport, replayOrphanedJournals } from "./journal/replay.ts";
import type { JournalSegment } from "./journal/segment.ts";
import { JournalWriter } from "./journal/writer.ts";
import { fixedDirectories, type StoreLayout } from "./layout.ts";
import { Materialiser } from "./materialiser.ts";
import { listContentDirectories } from "./store-checks.ts";

export interface OpenJournalOptions {
  layout: StoreLayout;
  verifyContentHash: boolean;
  makeDurable: MakeDurable;
  segmentMaxBytes: number | undefined;
  segmentMaxAgeMs: number | undefined;
  /** Retries the files of a segment's durable entries whose first materialisation failed. */
  rematerialise: (segment: JournalSegment) => Promise<void>;
  /** Told the journal owner as soon as it is claimed, so a later failure can release it. */
  onOwner: (owner: JournalOwner) => void;
}

export interface OpenedJournal {
  materialiser: Materialiser;
  recovery: RecoveryReport;
  owner: JournalOwner;
  writer: JournalWriter;
  checkpointer: Checkpointer;
}

/**
 * Brings a store directory up: creates missing directories (durably), removes temp files left by crashed
 * writers, replays the journals of stores that are gone, then claims and opens this store's journal.
 */
export async function openJournal(options: OpenJournalOptions): Promise<OpenedJournal> {
  const { layout } = options;
  const created: string[] = [];
  for (const dir of fixedDirectories(layout)) {
    try {
      await mkdir(dir, { recursive: dir === layout.root });
      created.push(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  // A new directory's own entry lives in its parent: fsync each parent once.
  for (const parent of new Set(created.map((dir) => dirname(dir)))) await fsyncPath(parent);
  const contentDirs = await listContentDirectories(layout.contentRoot);
  await removeStaleTempFiles([...fixedDirectories(layout).slice(1), ...contentDirs]);
  const materialiser = new Materialiser(layout, contentDirs);
  const recovery = await replayOrphanedJournals({
    journalDir: layout.journalDir,
    layout,
    materialiser,
    verifyContentHash: options.verifyContentHash,
    makeDurable: options.makeDurable,
  });
  const owner = await claimJournalOwner(layout.journalDir);
  options.onOwner(owner);
  const checkpointer = new Checkpointer({
    root: layout.root,
    makeDurable: options.makeDurable,
    rematerialise: options.rematerialise,
  });
  const writer = await JournalWriter.open({
    dir: owner.dir,
    segmentMaxBytes: options.segmentMaxBytes,
    segmentMaxAgeMs: options.segmentMaxAgeMs,
    onSealed: (segment) => checkpointer.add(segment),
  });
  return { materialiser, recovery, owner, writer, checkpointer };
}
