import type { SafetyGate } from "@qrg/core";
import { untilAborted } from "./abort.ts";

/**
 * Test hook: a gate that never decides and rejects only when its signal aborts, so tests (and the API's
 * `QRG_TEST_HANG_GATES`, if the lead wires one) can prove that a hung gate fails closed within its budget.
 */
export function hangingGate<I, O>(gate: SafetyGate<I, O>): SafetyGate<I, O> {
  return {
    name: gate.name,
    ready: () => gate.ready(),
    evaluate: (_input, signal) => untilAborted(signal),
  };
}
