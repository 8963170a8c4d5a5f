import { QRGError, removeIfPresent } from "@qrg/core";
import type { JournalSegment } from "../journal/segment.ts";
import type { MakeDurable } from "./filesystem-sync.ts";

export interface CheckpointerOptions {
  /** The data directory (handed to `makeDurable`). */
  root: string;
  makeDurable: MakeDurable;
  /** Retries the materialisation of a segment's entries that failed the first time. */
  rematerialise: (segment: JournalSegment) => Promise<void>;
}

export interface CheckpointStats {
  /** Checkpoints that made files durable and deleted segments. */
  checkpoints: number;
  segmentsDeleted: number;
  /** Checkpoints that failed (their segments stay and are retried). */
  failures: number;
}

/**
 * Retires sealed journal segments in the background: waits until every entry of a segment has been
 * materialised, makes those files durable (one syncfs, see filesystem-sync.ts), and only then deletes the
 * segment. Until then the segment still holds the entries, so a crash at any point loses nothing. Runs one
 * checkpoint at a time and never holds up the journal writer: commits keep appending to the new segment.
 */
export class Checkpointer {
  readonly #options: CheckpointerOptions;
  /** Sealed segments not yet deleted, oldest first. */
  readonly #sealed: JournalSegment[] = [];
  #running: Promise<void> | undefined;
  #again = false;
  #lastError: unknown;
  readonly stats: CheckpointStats = { checkpoints: 0, segmentsDeleted: 0, failures: 0 };

  constructor(options: CheckpointerOptions) {
    this.#options = options;
  }

  /** Sealed segments still waiting for a checkpoint. */
  get pending(): number {
    return this.#sealed.length;
  }

  /** The error of the last checkpoint, if it failed; cleared by the next one that succeeds. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Takes a sealed segment and starts a checkpoint in the background. */
  add(segment: JournalSegment): void {
    this.#sealed.push(segment);
    void this.run().catch(() => {});
  }

  /**
   * Checkpoints every sealed segment; resolves when done, rejects with the failure if one failed. Calls
   * made while a checkpoint runs share a follow-up run, so segments sealed meanwhile are covered.
   */
  run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    const running = this.#loop().finally(() => {
      this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#checkpoint();
        this.#lastError = undefined;
      } catch (error) {
        this.stats.failures++;
        this.#lastError = error;
        throw error;
      }
    } while (this.#again);
  }

  async #checkpoint(): Promise<void> {
    const ready: JournalSegment[] = [];
    for (const segment of [...this.#sealed]) {
      await segment.idle();
      if (segment.unmaterialised.size > 0) await this.#options.rematerialise(segment);
      // Segments are independent: one whose files cannot be written yet stays, the others go.
      if (segment.unmaterialised.size === 0) ready.push(segment);
    }
    if (ready.length > 0) {
      const files = new Set<string>();
      const directories = new Set<string>();
      for (const segment of ready) {
        for (const file of segment.files) files.add(file);
        for (const dir of segment.directories) directories.add(dir);
      }
      // Segments that never received a batch cover nothing: no flush needed to drop them.
      if (ready.some((segment) => segment.entries > 0)) {
        await this.#options.makeDurable({
          root: this.#options.root,
          files: [...files],
          directories: [...directories],
        });
      }
      // Durable: the segments are redundant now. Losing a deletion in a crash only means a harmless replay.
      for (const segment of ready) {
        await removeIfPresent(segment.path);
        this.#sealed.splice(this.#sealed.indexOf(segment), 1);
        this.stats.segmentsDeleted++;
      }
      this.stats.checkpoints++;
    }
    const stuck = this.#sealed.find((segment) => segment.unmaterialised.size > 0);
    if (stuck) {
      throw new QRGError(
        "storage_error",
        `${stuck.unmaterialised.size} entries of journal segment ${stuck.path} could not be materialised yet`,
      );
    }
  }
}
