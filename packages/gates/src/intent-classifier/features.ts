/**
 * Hashed n-gram features of normalised text: character 3–5-grams over the window (spaces included, so they
 * see across word edges and inside inflected or compounded words), word unigrams and bigrams. Each feature is
 * hashed (FNV-1a, then a murmur finaliser) into `2^hashBits` buckets with a sign bit; a bucket's value is the
 * signed sum of its occurrences' weights, and the vector is divided by the root of the sum of squared occurrence
 * weights, so a window's length does not change its scale. That keeps a window's score linear in its feature
 * occurrences, which window-scorer.ts uses to score every window of a long text in one pass. With a concept
 * index, every concept a word carries and every pair of concepts present in the window are features too.
 */
import type { ConceptIndex } from "./concepts.ts";

export interface FeatureSpec {
  readonly hashBits: number;
  readonly charMin: number;
  readonly charMax: number;
  /** Words per scoring window and the step between windows: long texts are scored window by window. */
  readonly windowWords: number;
  readonly windowStride: number;
  /** Value of one concept or concept-pair occurrence relative to one n-gram occurrence. */
  readonly conceptWeight: number;
}

/** A sparse feature vector: bucket indices (ascending, distinct) and their signed values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Distinct seeds keep a character gram `abc` and a word `abc` in different buckets. */
const CHAR_SEED = 0x63;
const WORD_SEED = 0x77;
const BIGRAM_SEED = 0x62;
const CONCEPT_SEED = 0x6b;
const PAIR_SEED = 0x70;

/** Seeds of the feature kinds, for the one-pass window scorer. */
export const SEEDS = { CHAR_SEED, WORD_SEED, BIGRAM_SEED, CONCEPT_SEED, PAIR_SEED } as const;

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hashString(seed: number, text: string, from: number, to: number): number {
  let h = Math.imul(FNV_OFFSET ^ seed, FNV_PRIME);
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/**
 * Calls `emit` for every feature occurrence of a normalised window, with its name only when `named` (names
 * cost allocations, and only explanations need them).
 */
export function eachFeature(
  spec: FeatureSpec,
  concepts: ConceptIndex | undefined,
  window: string,
  named: boolean,
  emit: (hash: number, weight: number, name: string | undefined) => void,
): void {
  const padded = ` ${window} `;
  for (let start = 0; start + spec.charMin <= padded.length; start++) {
    let h = Math.imul(FNV_OFFSET ^ CHAR_SEED, FNV_PRIME);
    for (let n = 1; n <= spec.charMax && start + n <= padded.length; n++) {
      h = Math.imul(h ^ padded.charCodeAt(start + n - 1), FNV_PRIME);
      if (n >= spec.charMin) emit(h, 1, named ? `"${padded.slice(start, start + n)}"` : undefined);
    }
  }
  const words = window.split(" ");
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.length === 0) continue;
    emit(hashString(WORD_SEED, word, 0, word.length), 1, named ? `word:${word}` : undefined);
    const next = words[i + 1];
    if (next !== undefined && next.length > 0) {
      const pair = `${word} ${next}`;
      emit(hashString(BIGRAM_SEED, pair, 0, pair.length), 1, named ? `words:${pair}` : undefined);
    }
  }
  if (concepts === undefined) return;
  const present = new Set<string>();
  for (const tags of concepts.tagsOf(words)) {
    for (const tag of tags) {
      present.add(tag);
      if (concepts.pairOnly.has(tag)) continue;
      emit(
        hashString(CONCEPT_SEED, tag, 0, tag.length),
        spec.conceptWeight,
        named ? `concept:${tag}` : undefined,
      );
    }
  }
  const sorted = [...present].sort();
  for (let a = 0; a < sorted.length; a++) {
    for (let b = a + 1; b < sorted.length; b++) {
      const pair = `${sorted[a]}+${sorted[b]}`;
      emit(
        hashString(PAIR_SEED, pair, 0, pair.length),
        spec.conceptWeight,
        named ? `concepts:${pair}` : undefined,
      );
    }
  }
}

/**
 * Accumulator for one window's features: a small open-addressing table (a window has at most a few hundred
 * distinct features) that stays in the CPU cache, where a dense array of 2^hashBits entries would miss on
 * nearly every feature.
 */
const SLOTS = 1 << 13;
const slotKeys = new Int32Array(SLOTS).fill(-1);
const slotSums = new Float64Array(SLOTS);

/** The feature vector of one normalised window. */
export function featurize(
  spec: FeatureSpec,
  concepts: ConceptIndex | undefined,
  window: string,
): SparseVector {
  const used: number[] = [];
  const mask = (1 << spec.hashBits) - 1;
  let norm = 0;
  eachFeature(spec, concepts, window, false, (hash, weight) => {
    norm += weight * weight;
    const mixed = fmix(hash);
    const index = mixed & mask;
    let slot = index & (SLOTS - 1);
    while (slotKeys[slot] !== -1 && slotKeys[slot] !== index) slot = (slot + 1) & (SLOTS - 1);
    if (slotKeys[slot] === -1) {
      if (used.length >= SLOTS / 2) return; // a window this rich in distinct features is beyond any intent
      slotKeys[slot] = index;
      used.push(slot);
    }
    slotSums[slot]! += mixed & 0x80000000 ? -weight : weight;
  });
  const indices = new Int32Array(used.length);
  for (let k = 0; k < used.length; k++) indices[k] = slotKeys[used[k]!]!;
  indices.sort();
  const values = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k]!;
    let slot = index & (SLOTS - 1);
    while (slotKeys[slot] !== index) slot = (slot + 1) & (SLOTS - 1);
    values[k] = slotSums[slot]!;
  }
  for (const slot of used) {
    slotKeys[slot] = -1;
    slotSums[slot] = 0;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < values.length; k++) values[k]! *= inv;
  }
  return { indices, values };
}

/** Human-readable names of the features that fall into each bucket of a window, for explanations. */
export function featureNames(
  spec: FeatureSpec,
  concepts: ConceptIndex | undefined,
  window: string,
): Map<number, string[]> {
  const names = new Map<number, string[]>();
  const mask = (1 << spec.hashBits) - 1;
  eachFeature(spec, concepts, window, true, (hash, _weight, name) => {
    const index = fmix(hash) & mask;
    const list = names.get(index);
    const value = name!;
    if (list === undefined) names.set(index, [value]);
    else if (!list.includes(value)) list.push(value);
  });
  return names;
}

/**
 * The windows a normalised text is scored in: the whole text when it has at most `windowWords` words, else
 * overlapping runs of `windowWords` words every `windowStride` words (the last run ends at the last word), so
 * a harmful clause is judged on its own wherever it stands in a long intent.
 */
export function windowsOf(spec: FeatureSpec, normalized: string): string[] {
  if (normalized.length === 0) return [];
  const words = normalized.split(" ");
  return windowRanges(spec, words.length).map(([a, b]) => words.slice(a, b).join(" "));
}

/** The word ranges `[first, end)` of the windows of a text of `count` words (see windowsOf). */
export function windowRanges(spec: FeatureSpec, count: number): [number, number][] {
  if (count === 0) return [];
  if (count <= spec.windowWords) return [[0, count]];
  const out: [number, number][] = [];
  for (let start = 0; ; start += spec.windowStride) {
    const end = Math.min(count, start + spec.windowWords);
    out.push([Math.max(0, end - spec.windowWords), end]);
    if (end === count) break;
  }
  return out;
}
