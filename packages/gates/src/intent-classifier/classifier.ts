import type { IntentScreenFinding } from "../constitutional/intent-screen.ts";
import type { HarmfulCategory } from "../policy/policy-schema.ts";
import { featureNames, featurize, type SparseVector, windowsOf } from "./features.ts";
import type { IntentModel } from "./model-file.ts";
import { normalizeIntent } from "./normalize.ts";

/** One feature's share of a decision: its name(s) and how much it added to the category's log-odds. */
export interface FeatureContribution {
  /** `"kil"` (character gram, spaces shown), `word:poison`, `words:kill my`; bucket-mates joined by `|`. */
  readonly feature: string;
  readonly contribution: number;
}

/** A category's verdict, with what decided it (only for hits, to keep misses cheap). */
export interface IntentClassifierFinding extends IntentScreenFinding {
  readonly threshold: number;
  /** The normalised window that scored highest. */
  readonly window: string;
  /** The features that pushed the score up most, largest first (empty when not a hit). */
  readonly topFeatures: readonly FeatureContribution[];
}

/** How many contributing features an explanation lists. @default 5 */
const TOP_FEATURES = 5;

/**
 * A linear one-vs-rest classifier over hashed n-grams (see features.ts). A text is normalised, cut into word
 * windows, and every window scored; a category's score is its highest window probability.
 */
export class IntentClassifier {
  readonly model: IntentModel;
  private readonly ruleIdPrefix: string;
  private readonly logits: Float64Array;

  constructor(model: IntentModel) {
    this.model = model;
    this.ruleIdPrefix = `${model.id}.v${model.version.split(".")[0]}`;
    this.logits = new Float64Array(model.categories.length);
  }

  /** Scores of every category for `text`, best window each. */
  classify(text: string): IntentClassifierFinding[] {
    const { categories, thresholds } = this.model;
    const C = categories.length;
    const best = new Float64Array(C).fill(Number.NEGATIVE_INFINITY);
    const bestWindow: string[] = new Array(C).fill("");
    const bestVector: (SparseVector | undefined)[] = new Array(C).fill(undefined);
    for (const window of windowsOf(this.model.spec, normalizeIntent(text))) {
      const vector = featurize(this.model.spec, this.model.concepts, window);
      const logits = this.logitsOf(vector);
      for (let c = 0; c < C; c++) {
        if (logits[c]! > best[c]!) {
          best[c] = logits[c]!;
          bestWindow[c] = window;
          bestVector[c] = vector;
        }
      }
    }
    return categories.map((category, c) => {
      const score = best[c] === Number.NEGATIVE_INFINITY ? 0 : sigmoid(best[c]!);
      const hit = score >= thresholds[c]!;
      return {
        hit,
        category,
        score,
        threshold: thresholds[c]!,
        ruleId: `${this.ruleIdPrefix}.${category}`,
        window: bestWindow[c]!,
        topFeatures: hit ? this.explain(c, bestWindow[c]!, bestVector[c]!) : [],
      };
    });
  }

  /** The highest-scoring category that is a hit, if any. */
  strongestHit(text: string): IntentClassifierFinding | undefined {
    let top: IntentClassifierFinding | undefined;
    for (const finding of this.classify(text)) {
      if (finding.hit && (top === undefined || finding.score > top.score)) top = finding;
    }
    return top;
  }

  /** The category index of `category`, or -1 when the model does not score it. */
  indexOf(category: HarmfulCategory): number {
    return this.model.categories.indexOf(category);
  }

  private logitsOf(vector: SparseVector): Float64Array {
    const { bias, scale, weights, categories } = this.model;
    const C = categories.length;
    const logits = this.logits;
    for (let c = 0; c < C; c++) logits[c] = 0;
    const { indices, values } = vector;
    for (let k = 0; k < indices.length; k++) {
      const base = indices[k]! * C;
      const v = values[k]!;
      for (let c = 0; c < C; c++) logits[c]! += v * weights[base + c]!;
    }
    for (let c = 0; c < C; c++) logits[c] = bias[c]! + scale[c]! * logits[c]!;
    return logits;
  }

  private explain(c: number, window: string, vector: SparseVector): FeatureContribution[] {
    const C = this.model.categories.length;
    const names = featureNames(this.model.spec, this.model.concepts, window);
    const out: FeatureContribution[] = [];
    for (let k = 0; k < vector.indices.length; k++) {
      const index = vector.indices[k]!;
      const contribution = vector.values[k]! * this.model.weights[index * C + c]! * this.model.scale[c]!;
      if (contribution > 0) out.push({ feature: (names.get(index) ?? []).join("|"), contribution });
    }
    out.sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1));
    return out
      .slice(0, TOP_FEATURES)
      .map((f) => ({ ...f, contribution: Math.round(f.contribution * 1e4) / 1e4 }));
  }
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
