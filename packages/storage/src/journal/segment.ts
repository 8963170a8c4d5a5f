import { type FileHandle, open, readdir } from "node:fs/promises";
import { join } from "node:path";
import { fsyncPath } from "@qrg/core";
import type { JournalEntry } from "./frame.ts";

const SEGMENT_NAME = /^(\d{12})\.wal$/;

export function segmentFileName(seq: number): string {
  return `${String(seq).padStart(12, "0")}.wal`;
}

/** The segment files of one journal directory, in append order. */
export async function listSegments(dir: string): Promise<Array<{ seq: number; path: string }>> {
  const segments: Array<{ seq: number; path: string }> = [];
  for (const name of await readdir(dir)) {
    const match = SEGMENT_NAME.exec(name);
    if (match) segments.push({ seq: Number(match[1]), path: join(dir, name) });
  }
  return segments.sort((a, b) => a.seq - b.seq);
}

/**
 * One journal segment file and the bookkeeping a checkpoint needs about it: which files its entries were
 * materialised to, and whether every entry has been materialised yet. A segment may be deleted only when
 * all its entries are materialised and those files are durable.
 */
export class JournalSegment {
  readonly seq: number;
  readonly path: string;
  /** Bytes durably appended (the position of the next batch). */
  size = 0;
  entries = 0;
  /** When the first batch landed (ms, performance.now()); age-based rotation counts from here. */
  firstWriteAt: number | undefined;
  /** Files materialised from this segment's entries, and directories that gained entries. */
  readonly files = new Set<string>();
  readonly directories = new Set<string>();
  /** Durable entries whose materialisation failed, by qrg_id: retried before the segment is checkpointed. */
  readonly unmaterialised = new Map<string, JournalEntry>();
  #materialising = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(seq: number, path: string) {
    this.seq = seq;
    this.path = path;
  }

  /** `count` durable entries are about to be materialised. */
  beginMaterialising(count: number): void {
    this.#materialising += count;
  }

  endMaterialising(): void {
    this.#materialising--;
    if (this.#materialising === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  /** Resolves once no materialisation of this segment's entries is running. */
  idle(): Promise<void> {
    if (this.#materialising === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}

/**
 * Creates segment `seq` in `dir` and makes its directory entry durable before any batch relies on it.
 * "w", not "wx": a file left by an earlier attempt whose directory fsync failed held no batch yet.
 */
export async function createSegmentFile(
  dir: string,
  seq: number,
): Promise<{ segment: JournalSegment; handle: FileHandle }> {
  const path = join(dir, segmentFileName(seq));
  const handle = await open(path, "w", 0o644);
  try {
    await fsyncPath(dir);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { segment: new JournalSegment(seq, path), handle };
}
