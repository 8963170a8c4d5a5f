import type { Logger, SafetyGateSet } from "@qrg/core";
import { CognitiveLoadEstimator } from "./cognitive/cognitive-gate.ts";
import { COGNITIVE_LOAD_THRESHOLD } from "./cognitive/load-features.ts";
import { ConstitutionalGatekeeper } from "./constitutional/constitutional-gate.ts";
import type { IntentScreenModule } from "./constitutional/intent-screen.ts";
import { CulturalSafetyChecker } from "./cultural/cultural-gate.ts";
import { DEFAULT_CULTURAL_THRESHOLD } from "./cultural/score.ts";
import { DATA_DIR, type GateData, loadGateData } from "./data/gate-data.ts";
import { loadIntentScreen } from "./intent-classifier/index.ts";
import { DEFAULT_POLICY_FILE, type LoadedPolicy, loadPolicy } from "./policy/load-policy.ts";
import { InMemoryQuotaStore } from "./quota/in-memory-quota-store.ts";
import type { QuotaStore } from "./quota/quota-store.ts";
import { silentLogger } from "./rejection-log.ts";

export interface SafetyGatesOptions {
  /**
   * The constitutional policy (JSON, or YAML for .yaml/.yml). The API passes QRG_POLICY_FILE. An invalid
   * policy makes the factory throw QRGValidationError with field paths.
   * @default DEFAULT_POLICY_FILE (packages/gates/data/policy.v1.json)
   */
  policyFile?: string;
  /**
   * Enforce the policy's quota rule. The API passes `process.env.QRG_QUOTAS !== "off"`.
   * @default true
   */
  quotasEnabled?: boolean;
  /** Where quota counters live (a Redis store can implement QuotaStore). @default new InMemoryQuotaStore() */
  quotaStore?: QuotaStore;
  /** CulturalSafetyChecker scores below this are rejected. @default 0.85 */
  culturalThreshold?: number;
  /** CognitiveLoadEstimator flags loads above this. @default 0.8 */
  cognitiveThreshold?: number;
  /** Milliseconds since the epoch, for quota windows. @default Date.now */
  clock?: () => number;
  /** Structured rejection records (`event: "qrg.safety.rejection"`) go here at warn. @default a silent logger */
  logger?: Logger;
  /** Directory of the word and phrase lists. @default DATA_DIR (packages/gates/data) */
  dataDir?: string;
  /**
   * The harmful-intent classifier the ConstitutionalGatekeeper consults after its phrase lists; `false` for
   * phrase lists only. @default the shipped model (data/intent-model.v1.json)
   */
  intentScreen?: IntentScreenModule | false;
}

/**
 * The three gates, plus the policy and the intent model they were built with (both refs are resolved
 * dependencies in the provenance).
 */
export interface SafetyGates extends SafetyGateSet {
  readonly policy: LoadedPolicy;
  /** `{ id, version, digest }` of the harmful-intent model, when one is used. */
  readonly intentModel:
    | { readonly id: string; readonly version: string; readonly digest: string }
    | undefined;
}

/** Loaded once per directory: the lists are large and immutable. */
const dataCache = new Map<string, Promise<GateData>>();

function cachedGateData(dir: string): Promise<GateData> {
  let data = dataCache.get(dir);
  if (data === undefined) {
    data = loadGateData(dir);
    dataCache.set(dir, data);
    // A failed load is not cached, so a corrected file can be retried.
    data.catch(() => dataCache.delete(dir));
  }
  return data;
}

/**
 * Loads and validates the policy and the word lists, compiles every matcher, and returns the three gates ready
 * to run (`ready()` is true). Rejects with QRGValidationError on an invalid policy or data file.
 */
export async function createSafetyGates(options: SafetyGatesOptions = {}): Promise<SafetyGates> {
  const [policy, data, intentScreen] = await Promise.all([
    loadPolicy(options.policyFile ?? DEFAULT_POLICY_FILE),
    cachedGateData(options.dataDir ?? DATA_DIR),
    options.intentScreen === false ? undefined : (options.intentScreen ?? loadIntentScreen()),
  ]);
  const logger = options.logger ?? silentLogger;

  const constitutional = new ConstitutionalGatekeeper({
    policy,
    data,
    quotasEnabled: options.quotasEnabled ?? true,
    quotaStore: options.quotaStore ?? new InMemoryQuotaStore(),
    clock: options.clock ?? Date.now,
    logger,
    ...(intentScreen === undefined ? {} : { intentScreen }),
  });
  const cultural = new CulturalSafetyChecker({
    data,
    threshold: options.culturalThreshold ?? DEFAULT_CULTURAL_THRESHOLD,
    logger,
  });
  const cognitive = new CognitiveLoadEstimator({
    threshold: options.cognitiveThreshold ?? COGNITIVE_LOAD_THRESHOLD,
  });
  const intentModel =
    intentScreen === undefined
      ? undefined
      : { id: intentScreen.id, version: intentScreen.version, digest: intentScreen.digest };
  return { constitutional, cultural, cognitive, policy, intentModel };
}
