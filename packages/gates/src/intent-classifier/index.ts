export {
  type FeatureContribution,
  IntentClassifier,
  type IntentClassifierFinding,
} from "./classifier.ts";
export { INTENT_MODEL_URL, type IntentModel, loadIntentModel, parseIntentModel } from "./model-file.ts";
export { normalizeIntent } from "./normalize.ts";
export { type IntentClassifierScreen, intentClassifierScreen } from "./screen.ts";

import type { IntentScreenModule } from "../constitutional/intent-screen.ts";
import { intentClassifierScreen } from "./screen.ts";

/**
 * The shipped harmful-intent classifier (data/intent-model.v1.json) as the gatekeeper's `intentScreen`.
 * Loaded once per process (about 10 ms); its `digest` is the model's resolved dependency in the provenance.
 */
export async function loadIntentScreen(): Promise<IntentScreenModule> {
  return intentClassifierScreen();
}
