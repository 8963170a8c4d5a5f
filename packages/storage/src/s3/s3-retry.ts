import { QRGError, QRGUnavailableError } from "@qrg/core";

/** What the S3 client throws: enough of the SDK's error shape to classify it. */
interface S3ErrorLike {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const TRANSIENT_NAMES = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "InternalError",
  "ServiceUnavailable",
]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** True for failures worth retrying: the server or the network is (perhaps briefly) unable to answer. */
export function isTransient(error: unknown): boolean {
  const e = error as S3ErrorLike;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) return true;
  if (e?.$retryable) return true;
  if (e?.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e?.code && NETWORK_CODES.has(e.code)) return true;
  const cause = (error as { cause?: unknown })?.cause;
  return status === undefined && cause !== undefined && cause !== error && isTransient(cause);
}

/** The HTTP status of an S3 error, if it got that far. */
export function statusOf(error: unknown): number | undefined {
  return (error as S3ErrorLike)?.$metadata?.httpStatusCode;
}

export interface RetryOptions {
  /** Stop retrying when this aborts (the request's deadline). */
  signal?: AbortSignal;
  /** Give up after this many attempts even without a signal. */
  maxAttempts: number;
  /** First backoff; doubled per attempt, with full jitter, capped at 1 s. */
  baseDelayMs: number;
  /** What is being done, for the error message. */
  what: string;
}

/**
 * Runs `operation` until it succeeds, fails for good, runs out of attempts or the signal aborts. Transient
 * failures that outlast the budget become QRGUnavailableError (503 with Retry-After); others become
 * storage_error with the cause attached.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < options.maxAttempts; attempt++) {
    if (attempt > 0) {
      const delay = Math.random() * Math.min(1000, options.baseDelayMs * 2 ** (attempt - 1));
      const stopped = await sleep(delay, options.signal);
      if (stopped) break;
    }
    try {
      return await operation();
    } catch (error) {
      if (error instanceof QRGError) throw error;
      if (!isTransient(error)) {
        throw new QRGError("storage_error", `object store: ${options.what} failed`, { cause: error });
      }
      lastError = error;
      if (options.signal?.aborted) break;
    }
  }
  throw new QRGUnavailableError(`object store unavailable: ${options.what} failed`, { cause: lastError });
}

/** Resolves after `ms`, or early with true when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(false);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
