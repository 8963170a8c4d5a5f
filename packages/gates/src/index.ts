export type {
  IntentScreen,
  IntentScreenFinding,
  IntentScreenModule,
} from "./constitutional/intent-screen.ts";
export { createSafetyGates, type SafetyGates, type SafetyGatesOptions } from "./create-safety-gates.ts";
export { DEFAULT_POLICY_FILE, type LoadedPolicy, loadPolicy, policyRef } from "./policy/load-policy.ts";
export { HARMFUL_CATEGORIES, type HarmfulCategory } from "./policy/policy-schema.ts";
export { InMemoryQuotaStore, type InMemoryQuotaStoreOptions } from "./quota/in-memory-quota-store.ts";
export type { QuotaDecision, QuotaStore } from "./quota/quota-store.ts";
