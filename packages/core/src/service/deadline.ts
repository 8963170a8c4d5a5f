import { QRGTimeoutError } from "../errors.ts";

/**
 * A request's deadline (options.timeout_ms) as an AbortSignal that reaches every stage. When it fires the
 * signal's reason is a QRGTimeoutError naming the stage that was running.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  stage = "start";
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #onOuterAbort: () => void;
  readonly #outer: AbortSignal | undefined;

  constructor(timeoutMs: number, outer?: AbortSignal) {
    this.timeoutMs = timeoutMs;
    this.signal = this.#controller.signal;
    this.#timer = setTimeout(
      () => this.#controller.abort(new QRGTimeoutError(timeoutMs, this.stage)),
      timeoutMs,
    );
    this.#outer = outer;
    this.#onOuterAbort = () => this.#controller.abort(outer?.reason);
    if (outer?.aborted) this.#onOuterAbort();
    else outer?.addEventListener("abort", this.#onOuterAbort, { once: true });
  }

  /** Marks the stage now running and throws if the deadline already passed. */
  enter(stage: string): void {
    this.stage = stage;
    this.throwIfExpired();
  }

  throwIfExpired(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  /** Settles with `promise`, or rejects with the deadline's reason as soon as it fires. */
  race<T>(promise: Promise<T>): Promise<T> {
    return raceSignal(promise, this.signal);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#outer?.removeEventListener("abort", this.#onOuterAbort);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Settles with `promise`, or rejects with `signal.reason` as soon as the signal aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
