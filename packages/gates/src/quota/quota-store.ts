/** The result of taking one unit of quota. */
export interface QuotaDecision {
  allowed: boolean;
  /** Units left in the current window after this call. */
  remaining: number;
  /** Seconds until the window resets (0 when allowed and not exhausted is fine to ignore). */
  retryAfterSeconds: number;
}

/**
 * Per-key counters over fixed windows. The in-memory store serves one process; a Redis store (INCR + PEXPIRE on
 * `key:windowStart`) can implement the same contract for a fleet.
 */
export interface QuotaStore {
  /**
   * Takes one unit for `key` if fewer than `limit` were taken in the window containing `now` (ms since the
   * epoch). Windows are aligned to multiples of `windowMs`.
   */
  consume(key: string, limit: number, windowMs: number, now: number): Promise<QuotaDecision>;
}
