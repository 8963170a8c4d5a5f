/**
 * Sliding-window counters: the count of the current fixed window plus the previous window's count weighted
 * by how much of it still overlaps the sliding window. Unlike a fixed window, a burst across a window
 * boundary cannot reach twice the limit; unlike a log of timestamps, the state is three numbers, which a
 * file snapshot and a Redis hash hold cheaply.
 */
export interface WindowState {
  /** Index of the current fixed window: floor(now / windowMs). */
  window: number;
  current: number;
  previous: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed in the sliding window after this one. */
  remaining: number;
  /** When refused: ms until one more request would be allowed. */
  retryAfterMs: number;
  /** ms until the current fixed window ends (the RateLimit-Reset header). */
  resetMs: number;
}

/** Moves `state` forward to the window containing `now`. */
export function slide(state: WindowState | undefined, window: number): WindowState {
  if (!state || state.window < window - 1 || state.window > window)
    return { window, current: 0, previous: 0 };
  if (state.window === window - 1) return { window, current: 0, previous: state.current };
  return state;
}

/**
 * Takes one request if the weighted count allows it. Returns the new state (unchanged when refused) and
 * the decision with the figures the RateLimit headers need.
 */
export function take(
  state: WindowState | undefined,
  now: number,
  limit: number,
  windowMs: number,
): { state: WindowState; decision: RateDecision } {
  const window = Math.floor(now / windowMs);
  const slid = slide(state, window);
  const elapsed = now - window * windowMs;
  return decide(slid, elapsed, limit, windowMs);
}

/** The decision for a state already slid to the current window; shared by the memory and Redis stores. */
export function decide(
  state: WindowState,
  elapsed: number,
  limit: number,
  windowMs: number,
): { state: WindowState; decision: RateDecision } {
  const resetMs = windowMs - elapsed;
  const count = weighted(state, elapsed, windowMs);
  if (count + 1 <= limit) {
    const next = { ...state, current: state.current + 1 };
    const remaining = Math.max(0, Math.floor(limit - count - 1));
    return { state: next, decision: { allowed: true, limit, remaining, retryAfterMs: 0, resetMs } };
  }
  return {
    state,
    decision: {
      allowed: false,
      limit,
      remaining: 0,
      retryAfterMs: retryAfter(state, elapsed, limit, windowMs),
      resetMs,
    },
  };
}

function weighted(state: WindowState, elapsed: number, windowMs: number): number {
  return (state.previous * (windowMs - elapsed)) / windowMs + state.current;
}

/** The shortest wait after which `weighted + 1 <= limit` holds again. */
function retryAfter(state: WindowState, elapsed: number, limit: number, windowMs: number): number {
  const left = windowMs - elapsed;
  if (limit < 1) return left + windowMs;
  // Within this window, only the previous window's weight decays.
  if (state.current + 1 <= limit && state.previous > 0) {
    const wait = left - ((limit - state.current - 1) * windowMs) / state.previous;
    if (wait < left) return Math.max(1, Math.ceil(wait));
  }
  // Next window: this window's count becomes the decaying one.
  const into = state.current > 0 ? Math.max(0, windowMs * (1 - (limit - 1) / state.current)) : 0;
  return Math.ceil(left + Math.min(into, windowMs));
}
