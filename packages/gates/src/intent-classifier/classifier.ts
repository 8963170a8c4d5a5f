import type { IntentScreenFinding } from "../constitutional/intent-screen.ts";
import type { HarmfulCategory } from "../policy/policy-schema.ts";
import { featureNames, featurize } from "./features.ts";
import type { IntentModel } from "./model-file.ts";
import { normalizeIntent } from "./normalize.ts";
import { scoreWindows } from "./window-scorer.ts";

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

  constructor(model: IntentModel) {
    this.model = model;
    this.ruleIdPrefix = `${model.id}.v${model.version.split(".")[0]}`;
  }

  /** Scores of every category for `text`, best window each. */
  classify(text: string): IntentClassifierFinding[] {
    const { categories, thresholds } = this.model;
    const C = categories.length;
    const normalized = normalizeIntent(text);
    const words = normalized.split(" ");
    const best = new Float64Array(C).fill(Number.NEGATIVE_INFINITY);
    const bestWindow: [number, number][] = new Array(C).fill([0, 0]);
    for (const { first, end, logits } of scoreWindows(this.model, normalized)) {
      for (let c = 0; c < C; c++) {
        if (logits[c]! > best[c]!) {
          best[c] = logits[c]!;
          bestWindow[c] = [first, end];
        }
      }
    }
    const machineMade = isMachineMade(text);
    return categories.map((category, c) => {
      const score = best[c] === Number.NEGATIVE_INFINITY ? 0 : sigmoid(best[c]!);
      const [first, end] = bestWindow[c]!;
      const hit = score >= thresholds[c]! && (!machineMade || this.hasConcept(words.slice(first, end)));
      const window = words.slice(first, end).join(" ");
      return {
        hit,
        category,
        score,
        threshold: thresholds[c]!,
        ruleId: `${this.ruleIdPrefix}.${category}`,
        window,
        topFeatures: hit ? this.explain(c, window) : [],
      };
    });
  }

  /** Whether any word of a window carries a concept of the lexicon. */
  private hasConcept(words: readonly string[]): boolean {
    return this.model.concepts.tagsOf(words).some((tags) => tags.length > 0);
  }

  /** Logits of one normalised window, scored from its sparse vector (the reference for scoreWindows). */
  windowLogits(window: string): Float64Array {
    const vector = featurize(this.model.spec, this.model.concepts, window);
    const { bias, scale, weights, categories } = this.model;
    const C = categories.length;
    const logits = new Float64Array(C);
    for (let k = 0; k < vector.indices.length; k++) {
      const base = vector.indices[k]! * C;
      for (let c = 0; c < C; c++) logits[c]! += vector.values[k]! * weights[base + c]!;
    }
    for (let c = 0; c < C; c++) logits[c] = bias[c]! + scale[c]! * logits[c]!;
    return logits;
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

  private explain(c: number, window: string): FeatureContribution[] {
    const C = this.model.categories.length;
    const vector = featurize(this.model.spec, this.model.concepts, window);
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

/** Seeds are usually machine-made: one run of 16 or more characters without a space (`quantum-seed-…`, hex). */
const MACHINE_MADE = /^\S{16,}$/u;

/**
 * A machine-made string's character grams are noise that can add up to a score by chance (a fuzz of random
 * seeds finds some), so in such a string a hit must also rest on a word of the concept lexicon
 * (`how-to-build-a-pipe-bomb-2025` does, `aAA0aA-_-0aA-cA_` does not).
 */
function isMachineMade(text: string): boolean {
  return MACHINE_MADE.test(text.trim());
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
