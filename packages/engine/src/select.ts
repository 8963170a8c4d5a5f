import { QRGError } from "@qrg/core";
import type { KeyStream } from "./drbg.ts";
import { intentComplexity, MAX_INTENT_WORDS } from "./intent.ts";
import { loadLexicon } from "./lexicon.ts";
import type { AppliedState } from "./params.ts";

/** Tokens at zero load and level 0; also the number of complexity strata. */
export const MAX_TOKENS = 7;
/** No load or level takes an artifact below this many tokens. */
export const MIN_TOKENS = 2;
/** Valence closeness: a candidate's log-weight falls by VALENCE_SHARPNESS·(valence − target)². */
const VALENCE_SHARPNESS = 3;
/** Log-weight bonus of intent words, so the user's own words usually win their stratum. */
const INTENT_BONUS = 4;
/** Valence and arousal of intent words the lexicon lacks. */
const NEUTRAL_VALENCE = 0;
const NEUTRAL_AROUSAL = 0.5;

/**
 * Token count: MAX_TOKENS at load 0, one fewer per quarter of load, one fewer per complexity level, never
 * below MIN_TOKENS. Non-increasing in both.
 */
export function tokenCount(load: number, level: number): number {
  return Math.max(MIN_TOKENS, MAX_TOKENS - Math.floor(4 * load + 1e-9) - level);
}

/** Weight of simplicity inside a stratum: grows with load and level. */
function simplicityWeight(load: number, level: number): number {
  return 2 * load + level;
}

// Complexity strata: the lexicon sorted by complexity and cut into MAX_TOKENS groups of (nearly) equal size.
// A stratum is a complexity interval [thresholds[k], thresholds[k + 1]), so intent words fall into strata by
// the same rule and every word of a lower stratum is simpler than every word of a higher one. Computed with
// the lexicon on first use, so importing the engine reads nothing.
interface Strata {
  readonly thresholds: readonly number[];
  /** Stratum of each lexicon entry, indexed like the lexicon. */
  readonly ofEntry: Uint8Array;
}

let strata: Strata | undefined;

function loadStrata(): Strata {
  if (strata) return strata;
  const complexity = loadLexicon().complexity;
  const sorted = Array.from(complexity).sort((a, b) => a - b);
  const thresholds = [Number.NEGATIVE_INFINITY];
  for (let k = 1; k < MAX_TOKENS; k++) thresholds.push(sorted[Math.round((k * sorted.length) / MAX_TOKENS)]!);
  thresholds.push(Number.POSITIVE_INFINITY);
  const ofEntry = Uint8Array.from(complexity, (c) => stratumIn(thresholds, c));
  const sizes = new Array<number>(MAX_TOKENS).fill(0);
  for (const k of ofEntry) sizes[k]!++;
  if (sizes.some((size) => size === 0)) {
    throw new QRGError(
      "config_error",
      `lexicon complexity strata must all be non-empty, sizes ${sizes.join(",")}`,
    );
  }
  strata = { thresholds, ofEntry };
  return strata;
}

function stratumIn(thresholds: readonly number[], complexity: number): number {
  let k = 0;
  while (k + 1 < MAX_TOKENS && complexity >= thresholds[k + 1]!) k++;
  return k;
}

/** Stratum of a complexity value: the k with thresholds[k] <= complexity < thresholds[k + 1]. */
export function stratumOf(complexity: number): number {
  return stratumIn(loadStrata().thresholds, complexity);
}

/**
 * Upper complexity bound (exclusive) of the tokens at a given count: the start of the first inactive
 * stratum, or 1 when all strata are active.
 */
export function complexityCap(count: number): number {
  return count >= MAX_TOKENS ? 1 : loadStrata().thresholds[count]!;
}

export interface SelectedToken {
  word: string;
  valence: number;
  arousal: number;
  complexity: number;
  fromIntent: boolean;
}

export interface Selection {
  tokens: SelectedToken[];
  count: number;
  complexityCap: number;
}

// Scratch space reused across calls (generation is synchronous, so calls never interleave).
const bestScore = new Float64Array(MAX_TOKENS);
const bestIndex = new Int32Array(MAX_TOKENS);
const intentSlotUnits = new Float64Array(MAX_INTENT_WORDS);

/**
 * Picks one token per active complexity stratum (the simplest `count` strata) by a Gumbel-max draw:
 * each candidate's score is g + log-weight, with g = −ln(−ln u) from the selection stream (one 32-bit
 * word per lexicon entry in file order, then one per intent slot, always all of them, so the noise of a
 * word never depends on the state) and
 *
 *   log-weight = −3·(valence − target)² − (2·load + level)·complexity (+ 4 for intent words).
 *
 * The highest score in each stratum wins. Because the noise is shared and the target enters each score
 * as 6·target·valence (increasing differences), each stratum's winner has a valence that never decreases
 * as the target rises, so the mean token valence is monotone in emotional_valence; likewise each winner's
 * complexity never increases with load or level, and dropping the top strata drops the most complex
 * tokens, so the mean complexity is monotone too. Strata are disjoint, so tokens are distinct.
 */
export function selectTokens(
  stream: KeyStream,
  state: AppliedState,
  intentWords: readonly string[],
  level: number,
): Selection {
  const count = tokenCount(state.cognitive_load, level);
  const target = state.emotional_valence;
  const tilt = 2 * VALENCE_SHARPNESS * target;
  const simplicity = simplicityWeight(state.cognitive_load, level);
  const lexicon = loadLexicon();
  const stratumOfEntry = loadStrata().ofEntry;
  bestScore.fill(Number.NEGATIVE_INFINITY);
  bestIndex.fill(-1);

  const intentIndexes = new Set<number>();
  for (const word of intentWords) {
    const index = lexicon.indexOf(word);
    if (index >= 0) intentIndexes.add(index);
  }

  for (let i = 0; i < lexicon.size; i++) {
    const u = stream.unit();
    const k = stratumOfEntry[i]!;
    if (k >= count) continue;
    const v = lexicon.valence[i]!;
    let score =
      -Math.log(-Math.log(u)) + tilt * v - VALENCE_SHARPNESS * v * v - simplicity * lexicon.complexity[i]!;
    if (intentIndexes.size > 0 && intentIndexes.has(i)) score += INTENT_BONUS;
    if (score > bestScore[k]!) {
      bestScore[k] = score;
      bestIndex[k] = i;
    }
  }

  // Intent words the lexicon lacks compete as extra candidates, with indexes after the lexicon's.
  for (let j = 0; j < MAX_INTENT_WORDS; j++) intentSlotUnits[j] = stream.unit();
  const extra: string[] = [];
  for (const word of intentWords) {
    if (lexicon.indexOf(word) >= 0) continue;
    const slot = extra.length;
    extra.push(word);
    const c = intentComplexity(word);
    const k = stratumOf(c);
    if (k >= count) continue;
    const v = NEUTRAL_VALENCE;
    const score =
      -Math.log(-Math.log(intentSlotUnits[slot]!)) +
      tilt * v -
      VALENCE_SHARPNESS * v * v -
      simplicity * c +
      INTENT_BONUS;
    if (score > bestScore[k]!) {
      bestScore[k] = score;
      bestIndex[k] = lexicon.size + slot;
    }
  }

  const tokens: SelectedToken[] = [];
  for (let k = 0; k < count; k++) {
    const index = bestIndex[k]!;
    if (index < 0) continue;
    if (index < lexicon.size) {
      const entry = lexicon.entries[index]!;
      tokens.push({
        word: entry.word,
        valence: entry.valence,
        arousal: entry.arousal,
        complexity: entry.complexity,
        fromIntent: intentIndexes.has(index),
      });
    } else {
      const word = extra[index - lexicon.size]!;
      tokens.push({
        word,
        valence: NEUTRAL_VALENCE,
        arousal: NEUTRAL_AROUSAL,
        complexity: intentComplexity(word),
        fromIntent: true,
      });
    }
  }
  return { tokens, count, complexityCap: complexityCap(count) };
}
