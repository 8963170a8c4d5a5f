import type { HarmfulCategory } from "../policy/policy-schema.ts";

/**
 * One verdict of a harmful-intent screen over a whole text (seed or intent). A screen returns one entry per
 * category it scored; `hit` says whether that category's score reached the screen's own threshold.
 */
export interface IntentScreenFinding {
  readonly hit: boolean;
  readonly category: HarmfulCategory;
  /** In [0, 1]: the classifier's probability, or 1 for an exact phrase rule. */
  readonly score: number;
  /** Stable, explainable id of what decided, e.g. `intent-classifier.v1.violence`. */
  readonly ruleId: string;
}

/**
 * A harmful-intent screen the ConstitutionalGatekeeper consults for every `harmful_intent` rule, in addition to
 * its phrase lists. It must be pure and synchronous (the gate's latency budget is about a millisecond).
 */
export type IntentScreen = (text: string) => readonly IntentScreenFinding[];

/**
 * A screen plus what the provenance records about it: the gatekeeper adds `{ id, version, digest }` next to the
 * policy reference so a verifier knows which model decided.
 */
export interface IntentScreenModule {
  readonly screen: IntentScreen;
  readonly id: string;
  readonly version: string;
  /** `sha256:<hex>` of the shipped model data file. */
  readonly digest: string;
}
