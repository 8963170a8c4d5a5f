import { describe, expect, it } from "vitest";
import { take, type WindowState } from "../../src/rate-limits/sliding-window.ts";

const W = 60_000;

function run(times: number[], limit: number) {
  let state: WindowState | undefined;
  return times.map((t) => {
    const result = take(state, t, limit, W);
    state = result.state;
    return result.decision;
  });
}

describe("sliding-window counter", () => {
  it("allows the limit, then refuses with a Retry-After that really frees a slot", () => {
    const decisions = run([1000, 1000, 1000, 1000], 3);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    const refused = decisions[3]!;
    // The three requests of window 0 decay over window 1: one slot frees a third of the way in.
    expect(refused.retryAfterMs).toBe(59_000 + 20_000);
    let state: WindowState | undefined;
    for (const t of [1000, 1000, 1000]) state = take(state, t, 3, W).state;
    expect(take(state, 1000 + refused.retryAfterMs - 10, 3, W).decision.allowed).toBe(false);
    expect(take(state, 1000 + refused.retryAfterMs, 3, W).decision.allowed).toBe(true);
  });

  it("does not let a burst across a window boundary reach twice the limit", () => {
    const limit = 10;
    const atEnd = Array.from({ length: limit }, () => W - 500);
    const atStart = Array.from({ length: limit }, () => W + 500);
    const decisions = run([...atEnd, ...atStart], limit);
    const allowed = decisions.filter((d) => d.allowed).length;
    expect(allowed).toBe(limit);
  });

  it("never allows more than the limit in any sliding window under steady pressure", () => {
    const limit = 10;
    let state: WindowState | undefined;
    const accepted: number[] = [];
    for (let t = 0; t < 10 * W; t += 250) {
      const result = take(state, t, limit, W);
      state = result.state;
      if (result.decision.allowed) accepted.push(t);
    }
    for (let i = 0; i < accepted.length; i++) {
      const inWindow = accepted.filter((t) => t > accepted[i]! - W && t <= accepted[i]!).length;
      expect(inWindow).toBeLessThanOrEqual(limit);
    }
    // …and still grants close to the full rate over time.
    expect(accepted.length).toBeGreaterThanOrEqual(9 * limit);
  });

  it("forgets windows older than the previous one", () => {
    const decisions = run([0, 0, 3 * W], 2);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true]);
    expect(decisions[2]!.remaining).toBe(1);
  });

  it("refuses everything with a limit of 0", () => {
    const [d] = run([5000], 0);
    expect(d).toMatchObject({ allowed: false, remaining: 0 });
    expect(d!.retryAfterMs).toBeGreaterThan(0);
  });
});
