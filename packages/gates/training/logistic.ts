import type { SparseVector } from "../src/intent-classifier/features.ts";

export interface TrainingOptions {
  readonly buckets: number;
  readonly categories: number;
  readonly epochs: number;
  /** L2 penalty per example. */
  readonly l2: number;
  /** Initial learning rate; it decays as lr / (1 + lr · l2 · t). */
  readonly learningRate: number;
  /** Weight of a positive example relative to a negative one (positives are the rarer class). */
  readonly positiveWeight: number;
  /**
   * Weight of an example of another harmful category as a negative: low, so that categories that overlap
   * (`beat up a gay couple` is hate and violence) do not unlearn each other's words.
   */
  readonly otherHarmWeight: number;
  readonly seed: number;
}

export interface TrainedWeights {
  /** Bucket-major: `weights[bucket * categories + c]`. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/** Mulberry32: a small seeded generator, so the shuffle (and thus the model) is the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One-vs-rest L2-regularised logistic regression by plain SGD over a seeded shuffle. Weight decay is applied
 * through one scale factor per category (w = scale · v), so a step costs only the example's non-zero features.
 * `labels[i]` is the example's category index, or -1 for a benign example (a negative for every category).
 */
export function trainOneVsRest(
  vectors: readonly SparseVector[],
  labels: readonly number[],
  options: TrainingOptions,
): TrainedWeights {
  const { buckets, categories: C, epochs, l2, learningRate, positiveWeight, otherHarmWeight } = options;
  const v = new Float64Array(buckets * C);
  const scale = new Float64Array(C).fill(1);
  const bias = new Float64Array(C);
  const random = mulberry32(options.seed);
  const order = Array.from(vectors, (_, i) => i);
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const { indices, values } = vectors[n]!;
      const lr = learningRate / (1 + learningRate * l2 * t++);
      for (let c = 0; c < C; c++) {
        let dot = 0;
        for (let k = 0; k < indices.length; k++) dot += values[k]! * v[indices[k]! * C + c]!;
        const logit = bias[c]! + dot * scale[c]!;
        const positive = labels[n] === c;
        const weight = positive ? positiveWeight : labels[n]! >= 0 ? otherHarmWeight : 1;
        const p = 1 / (1 + Math.exp(-logit));
        const g = (p - (positive ? 1 : 0)) * weight;
        scale[c]! *= 1 - lr * l2;
        const step = (lr * g) / scale[c]!;
        for (let k = 0; k < indices.length; k++) v[indices[k]! * C + c]! -= step * values[k]!;
        bias[c]! -= lr * g;
        if (scale[c]! < 1e-6) {
          for (let b = c; b < v.length; b += C) v[b]! *= scale[c]!;
          scale[c] = 1;
        }
      }
    }
  }
  for (let c = 0; c < C; c++) for (let b = c; b < v.length; b += C) v[b]! *= scale[c]!;
  return { weights: v, bias };
}
