import { fmix, hashString, SEEDS, windowRanges } from "./features.ts";
import type { IntentModel } from "./model-file.ts";

/** One window's raw scores: the window's words and each category's logit. */
export interface WindowScore {
  readonly first: number;
  readonly end: number;
  readonly logits: Float64Array;
}

/** Grows on demand and is reused: prefix sums for a 500-character text need about 20 000 numbers. */
let prefix = new Float64Array(0);

function prefixSpace(size: number): Float64Array {
  if (prefix.length < size) prefix = new Float64Array(Math.max(size, prefix.length * 2));
  return prefix;
}

/**
 * Logits of every window of a normalised text in one pass. A window's score is linear in its feature
 * occurrences (features.ts), so the character grams, words and bigrams of the whole text are hashed once into
 * prefix sums of their weights, and each window takes the difference of two prefixes; only concepts, whose pairs
 * depend on the whole window, are looked up per window. The result equals scoring `featurize(window)` window by
 * window, up to floating-point rounding, at a fraction of the cost (overlapping windows share the work).
 */
export function scoreWindows(model: IntentModel, normalized: string): WindowScore[] {
  if (normalized.length === 0) return [];
  const { spec, weights, bias, scale, concepts } = model;
  const C = model.categories.length;
  const mask = (1 << spec.hashBits) - 1;
  const words = normalized.split(" ");
  const padded = ` ${normalized} `;
  const L = padded.length;
  const sizes = spec.charMax - spec.charMin + 1;
  // Layout: per gram size, L + 1 prefix rows of C; then words and bigrams, words.length + 1 rows each.
  const gramBase = (n: number) => (n - spec.charMin) * (L + 1) * C;
  const wordBase = sizes * (L + 1) * C;
  const bigramBase = wordBase + (words.length + 1) * C;
  const P = prefixSpace(bigramBase + (words.length + 1) * C);

  for (let n = spec.charMin; n <= spec.charMax; n++) P.fill(0, gramBase(n), gramBase(n) + C);
  for (let start = 0; start < L; start++) {
    let h = Math.imul(0x811c9dc5 ^ SEEDS.CHAR_SEED, 0x01000193);
    for (let n = 1; n <= spec.charMax; n++) {
      if (n >= spec.charMin) {
        const row = gramBase(n) + start * C;
        for (let c = 0; c < C; c++) P[row + C + c] = P[row + c]!;
      }
      if (start + n > L) continue;
      h = Math.imul(h ^ padded.charCodeAt(start + n - 1), 0x01000193);
      if (n < spec.charMin) continue;
      const mixed = fmix(h);
      const base = (mixed & mask) * C;
      const sign = mixed & 0x80000000 ? -1 : 1;
      const row = gramBase(n) + (start + 1) * C;
      for (let c = 0; c < C; c++) P[row + c]! += sign * weights[base + c]!;
    }
  }
  P.fill(0, wordBase, wordBase + C);
  P.fill(0, bigramBase, bigramBase + C);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const wordMixed = fmix(hashString(SEEDS.WORD_SEED, word, 0, word.length));
    addRow(P, wordBase + i * C, C, wordMixed, mask, weights, 1);
    const next = words[i + 1];
    if (next === undefined) {
      for (let c = 0; c < C; c++) P[bigramBase + (i + 1) * C + c] = P[bigramBase + i * C + c]!;
    } else {
      const pair = `${word} ${next}`;
      addRow(
        P,
        bigramBase + i * C,
        C,
        fmix(hashString(SEEDS.BIGRAM_SEED, pair, 0, pair.length)),
        mask,
        weights,
        1,
      );
    }
  }

  // Character offset of each word in `padded`.
  const wordStart = new Int32Array(words.length);
  for (let i = 0, pos = 1; i < words.length; i++) {
    wordStart[i] = pos;
    pos += words[i]!.length + 1;
  }
  const out: WindowScore[] = [];
  const sums = new Float64Array(C);
  for (const [first, end] of windowRanges(spec, words.length)) {
    const from = wordStart[first]! - 1;
    const to = wordStart[end - 1]! + words[end - 1]!.length + 1;
    let occurrences = 0;
    for (let c = 0; c < C; c++) sums[c] = 0;
    for (let n = spec.charMin; n <= spec.charMax; n++) {
      const last = to - n + 1;
      if (last <= from) continue;
      occurrences += last - from;
      const hi = gramBase(n) + last * C;
      const lo = gramBase(n) + from * C;
      for (let c = 0; c < C; c++) sums[c]! += P[hi + c]! - P[lo + c]!;
    }
    occurrences += end - first + (end - first - 1);
    for (let c = 0; c < C; c++) {
      sums[c]! += P[wordBase + end * C + c]! - P[wordBase + first * C + c]!;
      sums[c]! += P[bigramBase + (end - 1) * C + c]! - P[bigramBase + first * C + c]!;
    }
    const cw = spec.conceptWeight;
    const present = new Set<string>();
    for (const tags of concepts.tagsOf(words.slice(first, end))) {
      for (const tag of tags) {
        present.add(tag);
        if (concepts.pairOnly.has(tag)) continue;
        occurrences += cw * cw;
        addTo(sums, C, fmix(hashString(SEEDS.CONCEPT_SEED, tag, 0, tag.length)), mask, weights, cw);
      }
    }
    const sorted = [...present].sort();
    for (let a = 0; a < sorted.length; a++) {
      for (let b = a + 1; b < sorted.length; b++) {
        const pair = `${sorted[a]}+${sorted[b]}`;
        occurrences += cw * cw;
        addTo(sums, C, fmix(hashString(SEEDS.PAIR_SEED, pair, 0, pair.length)), mask, weights, cw);
      }
    }
    const inv = occurrences > 0 ? 1 / Math.sqrt(occurrences) : 0;
    const logits = new Float64Array(C);
    for (let c = 0; c < C; c++) logits[c] = bias[c]! + scale[c]! * sums[c]! * inv;
    out.push({ first, end, logits });
  }
  return out;
}

/** Prefix row `row + C` = row `row` plus one occurrence's weights. */
function addRow(
  P: Float64Array,
  row: number,
  C: number,
  mixed: number,
  mask: number,
  weights: Int8Array,
  weight: number,
): void {
  const base = (mixed & mask) * C;
  const signed = mixed & 0x80000000 ? -weight : weight;
  for (let c = 0; c < C; c++) P[row + C + c] = P[row + c]! + signed * weights[base + c]!;
}

function addTo(
  sums: Float64Array,
  C: number,
  mixed: number,
  mask: number,
  weights: Int8Array,
  weight: number,
): void {
  const base = (mixed & mask) * C;
  const signed = mixed & 0x80000000 ? -weight : weight;
  for (let c = 0; c < C; c++) sums[c]! += signed * weights[base + c]!;
}
