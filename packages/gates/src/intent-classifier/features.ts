/**
 * Hashed n-gram features of normalised text: character 3–5-grams over the window (spaces included, so they
 * see across word edges and inside inflected or compounded words), word unigrams and bigrams. Each feature is
 * hashed (FNV-1a, then a murmur finaliser) into `2^hashBits` buckets with a sign bit, counts are damped
 * (1 + ln count) and the vector is L2-normalised, so a window's length does not change its scale.
 */
export interface FeatureSpec {
  readonly hashBits: number;
  readonly charMin: number;
  readonly charMax: number;
  /** Words per scoring window and the step between windows: long texts are scored window by window. */
  readonly windowWords: number;
  readonly windowStride: number;
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

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashString(seed: number, text: string, from: number, to: number): number {
  let h = Math.imul(FNV_OFFSET ^ seed, FNV_PRIME);
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Calls `emit(hash)` for every feature occurrence of a normalised window, and `name` when names are wanted. */
function eachFeature(
  spec: FeatureSpec,
  window: string,
  emit: (hash: number, name: () => string) => void,
): void {
  const padded = ` ${window} `;
  for (let start = 0; start + spec.charMin <= padded.length; start++) {
    let h = Math.imul(FNV_OFFSET ^ CHAR_SEED, FNV_PRIME);
    for (let n = 1; n <= spec.charMax && start + n <= padded.length; n++) {
      h = Math.imul(h ^ padded.charCodeAt(start + n - 1), FNV_PRIME);
      if (n >= spec.charMin) {
        const end = start + n;
        emit(h, () => `"${padded.slice(start, end)}"`);
      }
    }
  }
  const words = window.split(" ");
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.length === 0) continue;
    emit(hashString(WORD_SEED, word, 0, word.length), () => `word:${word}`);
    const next = words[i + 1];
    if (next !== undefined && next.length > 0) {
      const pair = `${word} ${next}`;
      emit(hashString(BIGRAM_SEED, pair, 0, pair.length), () => `words:${pair}`);
    }
  }
}

function bucketOf(spec: FeatureSpec, hash: number): { index: number; sign: number } {
  const mixed = fmix(hash);
  return { index: mixed & ((1 << spec.hashBits) - 1), sign: mixed & 0x80000000 ? -1 : 1 };
}

/** The feature vector of one normalised window. */
export function featurize(spec: FeatureSpec, window: string): SparseVector {
  const counts = new Map<number, number>();
  const mask = (1 << spec.hashBits) - 1;
  eachFeature(spec, window, (hash) => {
    const mixed = fmix(hash);
    const index = mixed & mask;
    const sign = mixed & 0x80000000 ? -1 : 1;
    counts.set(index, (counts.get(index) ?? 0) + sign);
  });
  const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float64Array(indices.length);
  let norm = 0;
  for (let k = 0; k < indices.length; k++) {
    const c = counts.get(indices[k]!)!;
    const v = c === 0 ? 0 : Math.sign(c) * (1 + Math.log(Math.abs(c)));
    values[k] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < values.length; k++) values[k]! *= inv;
  }
  return { indices, values };
}

/** Human-readable names of the features that fall into each bucket of a window, for explanations. */
export function featureNames(spec: FeatureSpec, window: string): Map<number, string[]> {
  const names = new Map<number, string[]>();
  eachFeature(spec, window, (hash, name) => {
    const { index } = bucketOf(spec, hash);
    const list = names.get(index);
    const value = name();
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
  if (words.length <= spec.windowWords) return [normalized];
  const out: string[] = [];
  for (let start = 0; ; start += spec.windowStride) {
    const end = Math.min(words.length, start + spec.windowWords);
    out.push(words.slice(Math.max(0, end - spec.windowWords), end).join(" "));
    if (end === words.length) break;
  }
  return out;
}
