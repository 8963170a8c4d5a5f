export { raceAbort } from "./abort.ts";
export {
  CognitiveLoadEstimator,
  type CognitiveLoadEstimatorOptions,
} from "./cognitive/cognitive-gate.ts";
export {
  COGNITIVE_LOAD_THRESHOLD,
  COGNITIVE_WEIGHTS,
  estimateLoad,
  type LoadFeatures,
  type LoadState,
  loadFeatures,
  STATE_WEIGHTS,
} from "./cognitive/load-features.ts";
export {
  ConstitutionalGatekeeper,
  type ConstitutionalGatekeeperOptions,
} from "./constitutional/constitutional-gate.ts";
export { type HarmfulFinding, HarmfulIntentScreen } from "./constitutional/harmful-intent-screen.ts";
export { createSafetyGates, type SafetyGates, type SafetyGatesOptions } from "./create-safety-gates.ts";
export {
  type AccessibilityFinding,
  checkAccessibility,
  MIN_CONTRAST,
  MIN_CONTRAST_HIGH,
} from "./cultural/accessibility.ts";
export { BiasCheck, type BiasFinding } from "./cultural/bias.ts";
export { contrastRatio, parseColour, type Rgba, relativeLuminance } from "./cultural/colour.ts";
export { CulturalSafetyChecker, type CulturalSafetyCheckerOptions } from "./cultural/cultural-gate.ts";
export { type OffensiveFinding, OffensiveScreen } from "./cultural/offensive-screen.ts";
export { CULTURAL_WEIGHTS, culturalScore, DEFAULT_CULTURAL_THRESHOLD } from "./cultural/score.ts";
export { inspectSvg, type SvgInspection, type SvgPaint } from "./cultural/svg-inspect.ts";
export { DATA_DIR, type GateData, loadGateData } from "./data/gate-data.ts";
export { hangingGate } from "./hang.ts";
export { AllowList } from "./lexicon/allow-list.ts";
export { Lexicon, type LexiconHit, type LexiconTerm } from "./lexicon/lexicon.ts";
export {
  DEFAULT_POLICY_FILE,
  type LoadedPolicy,
  loadPolicy,
  parsePolicy,
  policyRef,
} from "./policy/load-policy.ts";
export {
  HARMFUL_CATEGORIES,
  type HarmfulCategory,
  type Policy,
  type PolicyRule,
  PolicySchema,
} from "./policy/policy-schema.ts";
export { InMemoryQuotaStore, type InMemoryQuotaStoreOptions } from "./quota/in-memory-quota-store.ts";
export type { QuotaDecision, QuotaStore } from "./quota/quota-store.ts";
export { logRejection, type RejectionRecord } from "./rejection-log.ts";
export { type PreparedText, prepareText } from "./text/prepare.ts";
export { languageLabels, type Reading, readingOf } from "./text/reading.ts";
export { effectiveTier } from "./tier.ts";
