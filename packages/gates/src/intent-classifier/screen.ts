import type { IntentScreenModule } from "../constitutional/intent-screen.ts";
import { IntentClassifier, type IntentClassifierFinding } from "./classifier.ts";
import { INTENT_MODEL_URL, loadIntentModel } from "./model-file.ts";

/** The classifier as the ConstitutionalGatekeeper consults it, plus the model it runs (for explanations). */
export interface IntentClassifierScreen extends IntentScreenModule {
  /** Every category's finding, with threshold, window and (for hits) top features. */
  readonly screen: (text: string) => readonly IntentClassifierFinding[];
  readonly classifier: IntentClassifier;
}

/** One classifier per model file per process: loading decodes a few hundred kilobytes of weights. */
const loaded = new Map<string, IntentClassifierScreen>();

/**
 * The harmful-intent classifier as an `IntentScreen`: every category's score for a whole text, `hit` where the
 * model's threshold for that category is reached, with rule id `intent-classifier.v1.<category>` and, for hits,
 * the top contributing features. `digest` is the model file's sha256, which the provenance lists.
 * @param file @default INTENT_MODEL_URL (data/intent-model.v1.json)
 */
export function intentClassifierScreen(file: URL | string = INTENT_MODEL_URL): IntentClassifierScreen {
  const key = String(file);
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  const classifier = new IntentClassifier(loadIntentModel(file));
  const screen = (text: string) => classifier.classify(text);
  const module: IntentClassifierScreen = {
    screen,
    classifier,
    id: classifier.model.id,
    version: classifier.model.version,
    digest: classifier.model.digest,
  };
  loaded.set(key, module);
  return module;
}
