import { open, readdir } from "node:fs/promises";
import { join } from "node:path";
import { listSegments } from "../journal/segment.ts";
import type { IndexedSegment, LogIndex, LogLocation } from "./log-index.ts";
import { type ScannedFrame, scanSegment } from "./log-scan.ts";

const WRITER_NAME = /^\d+-[0-9a-f]{8}-\d+$/;

export interface CatalogStats {
  segmentsScanned: number;
  framesIndexed: number;
  /** Bytes of torn tails cut off dead writers' segments (unacknowledged batches). */
  tornBytesCut: number;
}

/**
 * Keeps the index in step with every writer's segments under `log/writers/`. Each store appends to its own
 * writer directory (so worker processes and several instances on one disk never share a file) and indexes
 * its own frames as it commits them; the other writers' frames are found by tail scans: at open, and
 * again whenever a lookup misses, because an artifact acknowledged by another process must be readable
 * here at once. Scans run one at a time; a scan requested during one runs after it, so it sees every frame
 * acknowledged before the request.
 */
export class LogCatalog {
  readonly #index: LogIndex;
  readonly #writersDir: string;
  readonly #ownDir: string;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  readonly stats: CatalogStats = { segmentsScanned: 0, framesIndexed: 0, tornBytesCut: 0 };

  constructor(index: LogIndex, writersDir: string, ownDir: string) {
    this.#index = index;
    this.#writersDir = writersDir;
    this.#ownDir = ownDir;
  }

  /** Scans every writer but this store's own; cuts the torn tails of the writers in `deadDirs`. */
  refresh(deadDirs: ReadonlySet<string> = new Set()): Promise<void> {
    if (this.#running) {
      this.#queued ??= this.#running.then(() => {
        this.#queued = undefined;
        return this.refresh(deadDirs);
      });
      return this.#queued;
    }
    this.#running = this.#scanAll(deadDirs).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Indexes one frame appended by this store. */
  indexOwn(segment: IndexedSegment, frame: ScannedFrame, frameEnd: number): LogLocation {
    const location = toLocation(segment, frame);
    this.#index.add(location);
    segment.validEnd = Math.max(segment.validEnd, frameEnd);
    return location;
  }

  async #scanAll(deadDirs: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.#writersDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const name of names) {
      if (!WRITER_NAME.test(name)) continue;
      const dir = join(this.#writersDir, name);
      if (dir === this.#ownDir) continue;
      await this.#scanWriter(dir, deadDirs.has(dir));
    }
  }

  async #scanWriter(dir: string, dead: boolean): Promise<void> {
    let segments: Array<{ seq: number; path: string }>;
    try {
      segments = await listSegments(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const { seq, path } of segments) {
      const segment = this.#index.addSegment(path, dir, seq);
      let scan: Awaited<ReturnType<typeof scanSegment>>;
      try {
        scan = await scanSegment(path, segment.validEnd, dead);
      } catch (error) {
        // Dropped by retention (in this or another process) between the listing and the scan.
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw error;
      }
      this.stats.segmentsScanned++;
      for (const frame of scan.frames) {
        if (this.#index.add(toLocation(segment, frame))) this.stats.framesIndexed++;
      }
      segment.validEnd = scan.validEnd;
      // A dead writer's file past its last valid frame is preallocated zeros or a torn, never acknowledged
      // batch: both are cut (and the cut made durable), so nothing there can ever be read as a frame.
      if (dead && scan.fileSize > scan.validEnd) {
        await cutTail(path, scan.validEnd);
        if (scan.tornTail) this.stats.tornBytesCut += scan.fileSize - scan.validEnd;
      }
    }
  }
}

/**
 * Truncates a dead writer's segment to its last valid frame. Made durable at once, so that what was cut can
 * never be served.
 */
async function cutTail(path: string, validEnd: number): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.truncate(validEnd);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

function toLocation(segment: IndexedSegment, frame: ScannedFrame): LogLocation {
  const { entry } = frame;
  const storedAt = readStoredAt(entry.record);
  return {
    qrg_id: entry.qrg_id,
    content_hash: entry.content_hash,
    stored_at: storedAt,
    storedAtMs: Date.parse(storedAt),
    segment,
    content: { offset: frame.contentOffset, length: entry.content.byteLength },
    attestation: { offset: frame.attestationOffset, length: entry.attestation.byteLength },
    record: { offset: frame.recordOffset, length: entry.record.byteLength },
  };
}

function readStoredAt(record: Uint8Array): string {
  try {
    const parsed = JSON.parse(
      Buffer.from(record.buffer, record.byteOffset, record.byteLength).toString("utf8"),
    );
    return typeof parsed?.stored_at === "string" ? parsed.stored_at : "";
  } catch {
    return "";
  }
}
