import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConceptIndex, type ConceptLexicon } from "../src/intent-classifier/concepts.ts";
import { type FeatureSpec, featurize, type SparseVector } from "../src/intent-classifier/features.ts";
import { encodeWeights, INTENT_MODEL_FORMAT } from "../src/intent-classifier/model-file.ts";
import { NORMALIZER_ID, normalizeIntent } from "../src/intent-classifier/normalize.ts";
import { HARMFUL_CATEGORIES, type HarmfulCategory } from "../src/policy/policy-schema.ts";
import { CorpusSchema, type Example, expandCorpus, TRAINING_CORPUS_URL } from "./corpus.ts";
import { trainOneVsRest } from "./logistic.ts";

/** Everything that decides the model's bytes besides the corpus. */
export interface Hyperparameters {
  readonly spec: FeatureSpec;
  readonly seed: number;
  readonly epochs: number;
  readonly l2: number;
  readonly learningRate: number;
  readonly positiveWeight: number;
  readonly otherHarmWeight: number;
  readonly framesPerPhrase: number;
  readonly threshold: number;
}

export const HYPERPARAMETERS: Hyperparameters = {
  spec: { hashBits: 18, charMin: 3, charMax: 5, windowWords: 16, windowStride: 8, conceptWeight: 3 },
  seed: 20_261_203,
  epochs: 12,
  l2: 1e-5,
  learningRate: 0.5,
  positiveWeight: 3,
  otherHarmWeight: 0.2,
  framesPerPhrase: 4,
  threshold: 0.5,
};

export const MODEL_ID = "intent-classifier";
export const MODEL_VERSION = "1.3.0";

export interface BuiltModel {
  /** The model file, byte for byte. */
  readonly bytes: Buffer;
  readonly examples: number;
  readonly nonZeroBuckets: number;
}

export function labelIndex(label: Example["label"]): number {
  return label === "benign" ? -1 : HARMFUL_CATEGORIES.indexOf(label);
}

export function vectorOf(spec: FeatureSpec, concepts: ConceptIndex, text: string): SparseVector {
  return featurize(spec, concepts, normalizeIntent(text));
}

/** Where the concept lexicon lives; it is copied into the model file. */
export const CONCEPTS_URL: URL = new URL("./intent-concepts.v1.json", import.meta.url);

export interface ConceptFile {
  readonly concepts: ConceptLexicon;
  readonly pairOnly: readonly string[];
}

export function readConcepts(): ConceptFile {
  const file = JSON.parse(readFileSync(CONCEPTS_URL, "utf8")) as ConceptFile;
  return { concepts: file.concepts, pairOnly: file.pairOnly ?? [] };
}

/** Trains on `examples` and serialises the model (fixed key order, quantised weights: the same bytes every run). */
export function buildModel(
  examples: readonly Example[],
  corpusDigest: string,
  hyper: Hyperparameters = HYPERPARAMETERS,
  conceptFile: ConceptFile = readConcepts(),
): BuiltModel {
  const categories: readonly HarmfulCategory[] = HARMFUL_CATEGORIES;
  const C = categories.length;
  const index = new ConceptIndex(conceptFile.concepts, normalizeIntent, conceptFile.pairOnly);
  const vectors = examples.map((e) => vectorOf(hyper.spec, index, e.text));
  const labels = examples.map((e) => labelIndex(e.label));
  const trained = trainOneVsRest(vectors, labels, {
    buckets: 1 << hyper.spec.hashBits,
    categories: C,
    epochs: hyper.epochs,
    l2: hyper.l2,
    learningRate: hyper.learningRate,
    positiveWeight: hyper.positiveWeight,
    otherHarmWeight: hyper.otherHarmWeight,
    seed: hyper.seed,
  });
  const scale = new Float64Array(C);
  for (let b = 0; b < trained.weights.length; b++) {
    const c = b % C;
    scale[c] = Math.max(scale[c]!, Math.abs(trained.weights[b]!));
  }
  for (let c = 0; c < C; c++) scale[c] = Number((scale[c]! / 127).toPrecision(8)) || 1;
  const quantised = new Int8Array(trained.weights.length);
  for (let b = 0; b < trained.weights.length; b++) {
    quantised[b] = Math.max(-127, Math.min(127, Math.round(trained.weights[b]! / scale[b % C]!)));
  }
  const encoded = encodeWeights(quantised, C);
  const perCategory = (f: (c: number) => number) =>
    Object.fromEntries(categories.map((category, c) => [category, f(c)]));
  const counts: Record<string, number> = {};
  for (const e of examples) counts[e.label] = (counts[e.label] ?? 0) + 1;
  const file = {
    format: INTENT_MODEL_FORMAT,
    id: MODEL_ID,
    version: MODEL_VERSION,
    description:
      "Harmful-intent classifier: one-vs-rest logistic regression over hashed character 3-5-grams, word uni/bigrams and concepts (with concept pairs) of normalised text, scored per 16-word window. Trained by packages/gates/training/train-intent.ts on training/intent-corpus.v1.json, concepts from training/intent-concepts.v1.json.",
    normalizer: NORMALIZER_ID,
    features: hyper.spec,
    concepts: conceptFile.concepts,
    pairOnly: conceptFile.pairOnly,
    categories,
    thresholds: perCategory(() => hyper.threshold),
    bias: perCategory((c) => Number(trained.bias[c]!.toPrecision(8))),
    scale: perCategory((c) => scale[c]!),
    weights: { encoding: "delta-varint-int8/1", ...encoded },
    training: {
      corpus: "packages/gates/training/intent-corpus.v1.json",
      corpusDigest,
      examples: examples.length,
      examplesByLabel: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))),
      seed: hyper.seed,
      epochs: hyper.epochs,
      l2: hyper.l2,
      learningRate: hyper.learningRate,
      positiveWeight: hyper.positiveWeight,
      otherHarmWeight: hyper.otherHarmWeight,
      framesPerPhrase: hyper.framesPerPhrase,
    },
  };
  return {
    bytes: Buffer.from(`${JSON.stringify(file, null, 1)}\n`),
    examples: examples.length,
    nonZeroBuckets: encoded.buckets,
  };
}

/**
 * sha256 of the corpus's canonical JSON (parsed and re-serialised), so reformatting the file does not change the
 * model while any change of content does.
 */
export function corpusDigest(): string {
  const canonical = JSON.stringify(JSON.parse(readFileSync(TRAINING_CORPUS_URL, "utf8")));
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}

/** Reads the shipped corpus and trains the shipped model. */
export function buildShippedModel(hyper: Hyperparameters = HYPERPARAMETERS): BuiltModel {
  const corpus = CorpusSchema.parse(JSON.parse(readFileSync(TRAINING_CORPUS_URL, "utf8")));
  const digest = corpusDigest();
  return buildModel(expandCorpus(corpus, hyper.framesPerPhrase, hyper.seed), digest, hyper);
}
