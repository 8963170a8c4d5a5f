import type { QRGRequest, RequestOptions } from "@qrg/schema";
import type { GateName } from "../errors.ts";
import type { GeneratedArtifact } from "./artifact.ts";
import type { Principal } from "./principal.ts";

export type { GateName };

export interface GateOutcome {
  status: "approved" | "rejected";
  /** Human-readable reason; names the category or rule when rejected. */
  reason: string;
  /** 0-1; higher is safer. */
  score: number;
  /** The rule that decided a rejection (e.g. `tier.advanced_features`, `harmful_intent.violence`). */
  rule_id?: string;
  /** Non-blocking warnings for the response's safety.warnings. */
  warnings: string[];
}

export interface PolicyRef {
  version: string;
  /** `sha256:hex` of the policy file's bytes. */
  digest: string;
}

export interface AdmissionInput {
  request: QRGRequest;
  options: RequestOptions;
  principal: Principal;
}

export interface ConstitutionalOutcome extends GateOutcome {
  policy: PolicyRef;
  /** Consciousness adaptation permitted by consent (`allowed`) or not (`no_consent`). */
  consciousness: "allowed" | "no_consent";
  /** Set when the rejection is a quota exhaustion: the API answers 429 with Retry-After. */
  retry_after_seconds?: number;
}

export interface InspectionInput {
  request: QRGRequest;
  options: RequestOptions;
  principal: Principal;
  artifact: GeneratedArtifact;
}

export interface CognitiveOutcome {
  status: "approved" | "flagged";
  estimated_load: number;
  warnings: string[];
  /**
   * `reduce` asks the orchestrator to regenerate at the next complexity level (users below T4 whose load is
   * above the threshold); `proceed` keeps the artifact.
   */
  action: "proceed" | "reduce";
}

/**
 * A safety gate. `evaluate` must honour `signal` (the gate's budget and the request deadline combined);
 * the orchestrator enforces budgets and fail modes around it, so a gate simply decides.
 */
export interface SafetyGate<I, O> {
  readonly name: GateName;
  evaluate(input: I, signal: AbortSignal): Promise<O>;
  /** Whether the gate is ready (its policy and word lists loaded). */
  ready(): boolean;
}

export type ConstitutionalGate = SafetyGate<AdmissionInput, ConstitutionalOutcome>;
export type CulturalGate = SafetyGate<InspectionInput, GateOutcome>;
export type CognitiveGate = SafetyGate<InspectionInput, CognitiveOutcome>;

export interface SafetyGateSet {
  constitutional: ConstitutionalGate;
  cultural: CulturalGate;
  cognitive: CognitiveGate;
}
