import { fsyncPath } from "@qrg/core";

/**
 * Group commit for directory fsyncs. Every commit must fsync the directories it linked into, but one fsync
 * makes durable every entry created before that fsync began, so concurrent commits can share it:
 *
 * - no fsync running: start one; the caller's entry (created before this call) is covered.
 * - one running: it may have begun before the caller's entry existed, so the caller waits for the next one,
 *   which starts as soon as the running one ends and is shared by everyone who arrived meanwhile.
 *
 * Hence `sync()` resolves only after an fsync that started after the call — "resolved ⇒ durable" holds for
 * each caller — while at most two fsyncs per directory are ever outstanding, whatever the concurrency.
 */
export class DirectorySyncer {
  readonly path: string;
  readonly #fsync: (path: string) => Promise<void>;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  /**
   * @param fsync how to flush the directory; tests pass an instrumented one to observe the grouping.
   * @default fsyncPath
   */
  constructor(path: string, fsync: (path: string) => Promise<void> = fsyncPath) {
    this.path = path;
    this.#fsync = fsync;
  }

  sync(): Promise<void> {
    if (this.#queued) return this.#queued;
    const running = this.#running;
    if (!running) return this.#start();
    const queued = running
      .then(
        () => {},
        () => {},
      )
      .then(() => {
        this.#queued = undefined;
        return this.#start();
      });
    this.#queued = queued;
    return queued;
  }

  #start(): Promise<void> {
    const run: Promise<void> = this.#fsync(this.path).finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }
}
