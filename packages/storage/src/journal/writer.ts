import type { FileHandle } from "node:fs/promises";
import { QRGUnavailableError } from "@qrg/core";
import { createSegmentFile, type JournalSegment } from "./segment.ts";

export interface JournalWriterOptions {
  /** The owner's journal directory, where segments are created. */
  dir: string;
  /**
   * Rotate to a new segment before a batch once the current one holds this many bytes.
   * @default 67108864 (64 MiB)
   */
  segmentMaxBytes?: number;
  /**
   * Rotate a segment this long after its first batch, even if it is small, so checkpoints keep the
   * journal (and the replay after a crash) short.
   * @default 30000
   */
  segmentMaxAgeMs?: number;
  /**
   * Upper bound of one batch's append; a larger backlog is split over several batches.
   * @default 16777216 (16 MiB)
   */
  maxBatchBytes?: number;
  /** Called with each segment sealed by a rotation (the checkpointer takes it from there). */
  onSealed: (segment: JournalSegment) => void;
}

export interface JournalWriterStats {
  /** Batches appended, i.e. journal fdatasyncs. */
  batches: number;
  /** Entries appended. */
  entries: number;
  /** Bytes appended. */
  bytes: number;
  /** Segments sealed by rotation. */
  rotations: number;
  /** Batches whose append or flush failed (their commits were rejected). */
  failedBatches: number;
}

interface PendingAppend {
  frame: Buffer;
  resolve: (segment: JournalSegment) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: `append` queues a frame; one loop appends everything queued with ONE positioned write and
 * ONE fdatasync per batch, and resolves each append with its segment only after that flush. Frames that
 * arrive while a batch is being flushed form the next batch, so the number of flushes follows the disk's
 * flush rate, not the commit rate. All I/O is asynchronous.
 *
 * A failed append or flush rejects its batch and truncates the segment back to where the batch began
 * (then flushes), so no frame of a rejected commit can be replayed later. If even that fails the writer
 * is broken: every later append is rejected with that error, and `healthy` is false.
 */
export class JournalWriter {
  readonly #dir: string;
  readonly #segmentMaxBytes: number;
  readonly #segmentMaxAgeMs: number;
  readonly #maxBatchBytes: number;
  readonly #onSealed: (segment: JournalSegment) => void;
  #segment: JournalSegment;
  #handle: FileHandle;
  #queue: PendingAppend[] = [];
  #loop: Promise<void> | undefined;
  #rotationRequested = false;
  #closed = false;
  #broken: unknown;
  #lastBatchFailed = false;
  readonly #ageTimer: NodeJS.Timeout;
  readonly stats: JournalWriterStats = { batches: 0, entries: 0, bytes: 0, rotations: 0, failedBatches: 0 };

  private constructor(options: JournalWriterOptions, first: { segment: JournalSegment; handle: FileHandle }) {
    this.#dir = options.dir;
    this.#segmentMaxBytes = options.segmentMaxBytes ?? 64 * 1024 * 1024;
    this.#segmentMaxAgeMs = options.segmentMaxAgeMs ?? 30_000;
    this.#maxBatchBytes = options.maxBatchBytes ?? 16 * 1024 * 1024;
    this.#onSealed = options.onSealed;
    this.#segment = first.segment;
    this.#handle = first.handle;
    const tick = Math.max(10, Math.min(1_000, Math.floor(this.#segmentMaxAgeMs / 2)));
    // unref: an idle store that was never closed must not keep the process alive.
    this.#ageTimer = setInterval(() => this.#rotateIfOld(), tick).unref();
  }

  /** Opens the writer on a fresh segment `firstSeq` in `options.dir`. */
  static async open(options: JournalWriterOptions, firstSeq = 1): Promise<JournalWriter> {
    return new JournalWriter(options, await createSegmentFile(options.dir, firstSeq));
  }

  /** The segment batches currently go to. */
  get current(): JournalSegment {
    return this.#segment;
  }

  /** True when the writer is open, not broken, and its last batch (if any) was flushed. */
  get healthy(): boolean {
    return !this.#closed && this.#broken === undefined && !this.#lastBatchFailed;
  }

  /**
   * Queues a frame for the next batch. Resolves with the segment that holds it once the batch is on
   * stable storage; the segment then counts the entry as awaiting materialisation (see
   * JournalSegment.beginMaterialising), and the caller must end that with `endMaterialising()`.
   */
  append(frame: Buffer): Promise<JournalSegment> {
    if (this.#closed) return Promise.reject(new QRGUnavailableError("the journal is closed"));
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    return new Promise((resolve, reject) => {
      this.#queue.push({ frame, resolve, reject });
      this.#kick();
    });
  }

  /** Seals the current segment (if it holds anything) before the next batch, or now when idle. */
  requestRotation(): Promise<void> {
    this.#rotationRequested = true;
    this.#kick();
    return this.drain();
  }

  /** Resolves once everything queued so far has been appended (or rejected). */
  async drain(): Promise<void> {
    while (this.#loop) await this.#loop;
  }

  /** Appends what is queued, stops, and closes the segment file. Returns the last segment. */
  async close(): Promise<JournalSegment> {
    this.#closed = true;
    clearInterval(this.#ageTimer);
    await this.drain();
    await this.#handle.close().catch(() => {});
    return this.#segment;
  }

  #kick(): void {
    if (this.#loop) return;
    this.#loop = this.#run().finally(() => {
      this.#loop = undefined;
      // Work queued after the loop's last check but before this callback (a commit resolved by the last
      // batch can append or request a rotation at once) would otherwise wait for the next kick.
      if (this.#queue.length > 0 || this.#rotationRequested) this.#kick();
    });
  }

  #rotateIfOld(): void {
    const first = this.#segment.firstWriteAt;
    if (first !== undefined && performance.now() - first >= this.#segmentMaxAgeMs) {
      this.#rotationRequested = true;
      this.#kick();
    }
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0 || this.#rotationRequested) {
      if (this.#rotationRequested || this.#segment.size >= this.#segmentMaxBytes) {
        this.#rotationRequested = false;
        if (this.#segment.size > 0 && this.#broken === undefined) await this.#rotate();
      }
      if (this.#broken !== undefined) {
        for (const pending of this.#queue.splice(0)) pending.reject(this.#broken);
        continue;
      }
      const batch = this.#takeBatch();
      if (batch.length > 0) await this.#appendBatch(batch);
    }
  }

  #takeBatch(): PendingAppend[] {
    let bytes = 0;
    let count = 0;
    while (count < this.#queue.length && (count === 0 || bytes < this.#maxBatchBytes)) {
      bytes += this.#queue[count]!.frame.byteLength;
      count++;
    }
    return this.#queue.splice(0, count);
  }

  async #appendBatch(batch: PendingAppend[]): Promise<void> {
    const segment = this.#segment;
    const bytes = batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((p) => p.frame));
    const position = segment.size;
    try {
      let written = 0;
      while (written < bytes.byteLength) {
        const { bytesWritten } = await this.#handle.write(
          bytes,
          written,
          bytes.byteLength - written,
          position + written,
        );
        written += bytesWritten;
      }
      await this.#handle.datasync();
    } catch (error) {
      this.stats.failedBatches++;
      this.#lastBatchFailed = true;
      await this.#undo(position);
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.#lastBatchFailed = false;
    segment.size += bytes.byteLength;
    segment.entries += batch.length;
    segment.firstWriteAt ??= performance.now();
    // Counted before anyone is told, so a checkpoint can never see the segment idle in between.
    segment.beginMaterialising(batch.length);
    this.stats.batches++;
    this.stats.entries += batch.length;
    this.stats.bytes += bytes.byteLength;
    for (const pending of batch) pending.resolve(segment);
  }

  /** Cuts a failed batch off the segment, so none of its frames is ever replayed. */
  async #undo(position: number): Promise<void> {
    try {
      await this.#handle.truncate(position);
      await this.#handle.datasync();
    } catch (error) {
      this.#broken = error;
    }
  }

  async #rotate(): Promise<void> {
    const sealed = this.#segment;
    let next: { segment: JournalSegment; handle: FileHandle };
    try {
      next = await createSegmentFile(this.#dir, sealed.seq + 1);
    } catch {
      // Keep appending to the current segment; the next batch or rotation tries again.
      return;
    }
    const previous = this.#handle;
    this.#segment = next.segment;
    this.#handle = next.handle;
    this.stats.rotations++;
    await previous.close().catch(() => {});
    this.#onSealed(sealed);
  }
}
