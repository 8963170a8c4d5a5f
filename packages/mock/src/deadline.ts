import { QRGTimeoutError } from "@qrg/core";

/** The request deadline, naming the stage that was running when it passed. */
export interface Deadline {
  readonly signal: AbortSignal;
  stage: string;
}

/**
 * Runs `work` under `timeoutMs` (options.timeout_ms) combined with the caller's signal. When the deadline
 * passes first, `signal` aborts with a QRGTimeoutError for the current stage, which `work` throws at its
 * next check — the same error the production orchestrator raises.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  work: (deadline: Deadline) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const deadline: Deadline = {
    signal: outer ? AbortSignal.any([controller.signal, outer]) : controller.signal,
    stage: "start",
  };
  const timer = setTimeout(() => controller.abort(new QRGTimeoutError(timeoutMs, deadline.stage)), timeoutMs);
  try {
    deadline.signal.throwIfAborted();
    return await work(deadline);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
