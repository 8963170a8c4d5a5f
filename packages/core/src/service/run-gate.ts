import type { SafetyGate } from "../ports/gate.ts";
import type { Deadline } from "./deadline.ts";
import { raceSignal } from "./deadline.ts";

export type GateRun<O> =
  | { ok: true; outcome: O; ms: number }
  | { ok: false; failure: "timeout" | "error"; error: unknown; ms: number };

class GateBudgetExceeded extends Error {
  constructor(gate: string, budgetMs: number) {
    super(`${gate} exceeded its budget of ${budgetMs} ms`);
  }
}

/**
 * Runs one gate under its own budget and within the request's deadline. A gate that overruns its budget or
 * throws yields a failure the caller turns into the gate's fail mode; the request's own deadline passing
 * is not the gate's failure and propagates as the deadline's QRGTimeoutError.
 */
export async function runGate<I, O>(
  gate: SafetyGate<I, O>,
  input: I,
  budgetMs: number,
  deadline: Deadline,
): Promise<GateRun<O>> {
  const started = performance.now();
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(new GateBudgetExceeded(gate.name, budgetMs)), budgetMs);
  const signal = AbortSignal.any([budget.signal, deadline.signal]);
  try {
    const outcome = await raceSignal(
      // A gate that throws synchronously fails like one that rejects.
      Promise.resolve().then(() => gate.evaluate(input, signal)),
      signal,
    );
    return { ok: true, outcome, ms: performance.now() - started };
  } catch (error) {
    if (deadline.signal.aborted) throw deadline.signal.reason;
    const failure = budget.signal.aborted ? "timeout" : "error";
    return { ok: false, failure, error, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
