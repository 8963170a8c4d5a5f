import type { CognitiveGate, CognitiveOutcome, InspectionInput } from "@qrg/core";
import { effectiveTier } from "../tier.ts";
import { COGNITIVE_LOAD_THRESHOLD, estimateLoad, type LoadState } from "./load-features.ts";

export interface CognitiveLoadEstimatorOptions {
  /** Loads above this are flagged. @default 0.8 */
  threshold?: number;
  /** Users at or above this tier may proceed past a high load; below it the artifact is simplified. @default 4 */
  overrideTier?: number;
  /**
   * The consent scope that lets the estimator read the declared consciousness_state; without it the state is
   * taken as neutral.
   * @default "consciousness"
   */
  consentScope?: string;
}

/**
 * Estimates the load an artifact puts on its user and never rejects: above the threshold, T4+ users get the
 * artifact flagged with a warning; users below T4 get `action: "reduce"`, and the orchestrator regenerates at
 * the next complexity level.
 */
export class CognitiveLoadEstimator implements CognitiveGate {
  readonly name = "CognitiveLoadEstimator" as const;
  readonly threshold: number;
  private readonly overrideTier: number;
  private readonly consentScope: string;

  constructor(options: CognitiveLoadEstimatorOptions = {}) {
    this.threshold = options.threshold ?? COGNITIVE_LOAD_THRESHOLD;
    this.overrideTier = options.overrideTier ?? 4;
    this.consentScope = options.consentScope ?? "consciousness";
  }

  ready(): boolean {
    return true;
  }

  async evaluate(input: InspectionInput, signal: AbortSignal): Promise<CognitiveOutcome> {
    signal.throwIfAborted();
    const declared = input.request.context?.consciousness_state;
    // The declared state is consciousness data: read only with consent, neutral otherwise.
    const state: LoadState =
      input.principal.consent.includes(this.consentScope) && declared !== undefined ? declared : {};
    const estimated_load = estimateLoad(input.artifact, state);
    if (estimated_load <= this.threshold) {
      return { status: "approved", estimated_load, warnings: [], action: "proceed" };
    }
    const warning = `High cognitive load estimated: ${estimated_load.toFixed(2)}`;
    if (effectiveTier(input.principal, input.request) >= this.overrideTier) {
      return { status: "flagged", estimated_load, warnings: [warning], action: "proceed" };
    }
    return {
      status: "flagged",
      estimated_load,
      warnings: [
        `${warning}; simplifying the artifact (complexity level ${input.artifact.complexity_level + 1})`,
      ],
      action: "reduce",
    };
  }
}
