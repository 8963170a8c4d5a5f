import type {
  CognitiveOutcome,
  ConstitutionalOutcome,
  GateOutcome,
  SafetyGate,
  SafetyGateSet,
} from "@qrg/core";
import { deriveSymbols } from "./derive.ts";

/** The warning every mock response carries. */
export const MOCK_SAFETY_WARNING = "mock adapter: no safety gates ran";
/** The reason given for each gate the mock did not evaluate. */
export const MOCK_GATE_REASON = "mock: gates not evaluated";

/** The mock evaluates no policy; this names that non-policy in the gate check. */
const MOCK_POLICY = { version: "mock", digest: `sha256:${"0".repeat(64)}` };

function notEvaluated<I, O>(name: SafetyGate<I, O>["name"], outcome: (input: I) => O): SafetyGate<I, O> {
  return { name, evaluate: async (input) => outcome(input), ready: () => true };
}

/**
 * Gates that approve without evaluating anything and say so: the reason of each is MOCK_GATE_REASON and
 * the admission carries MOCK_SAFETY_WARNING. The load estimate is derived from the seed like the rest.
 */
export function notEvaluatedGates(): SafetyGateSet {
  return {
    constitutional: notEvaluated(
      "ConstitutionalGatekeeper",
      (): ConstitutionalOutcome => ({
        status: "approved",
        reason: MOCK_GATE_REASON,
        score: 1,
        warnings: [MOCK_SAFETY_WARNING],
        policy: MOCK_POLICY,
        // The mock never adapts to a consciousness state.
        consciousness: "no_consent",
      }),
    ),
    cultural: notEvaluated(
      "CulturalSafetyChecker",
      (): GateOutcome => ({ status: "approved", reason: MOCK_GATE_REASON, score: 1, warnings: [] }),
    ),
    cognitive: notEvaluated(
      "CognitiveLoadEstimator",
      (input: { request: { seed: string } }): CognitiveOutcome => ({
        status: "approved",
        estimated_load: deriveSymbols(input.request.seed).estimated_load,
        warnings: [],
        action: "proceed",
      }),
    ),
  };
}
