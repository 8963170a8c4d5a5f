import type { KeyStream } from "./drbg.ts";
import type { AppliedState } from "./params.ts";
import { MAX_TOKENS, type SelectedToken } from "./select.ts";

export const MIN_DIMENSIONS = 4;
export const MAX_DIMENSIONS = 16;
const HARMONICS = MAX_DIMENSIONS - 8;

/**
 * Names of the affect vector's components, in order; an artifact of dimensionality d carries the first d.
 * valence, arousal: means of the tokens' lexicon scores (−1..1, 0..1); load, focus: the cognitive load and
 * attention focus the artifact was shaped for (0..1); complexity: mean token complexity; valence_spread:
 * population standard deviation of token valences; intent_share: fraction of tokens from the intent;
 * token_density: tokens / 7; harmonic_1..8: amp·sin(2π(k·φ + ψ_k)) with phases φ, ψ_k from the selection
 * stream and amp = 0.25 + 0.75·arousal (−1..1).
 */
export const AFFECT_COMPONENTS: readonly string[] = Object.freeze([
  "valence",
  "arousal",
  "load",
  "focus",
  "complexity",
  "valence_spread",
  "intent_share",
  "token_density",
  ...Array.from({ length: HARMONICS }, (_, i) => `harmonic_${i + 1}`),
]);

/** Decimal places of every affect component, so canonical JSON of the vector is stable. */
export const AFFECT_PRECISION = 6;

/** Rounds to AFFECT_PRECISION decimals; never returns −0. */
export function roundAffect(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

/**
 * Dimensionality: 4 + ⌊12·focus⌋ (4 at focus 0, 16 at focus 1, non-decreasing), minus 2 per complexity
 * level, never below 4.
 */
export function dimensionality(focus: number, level: number): number {
  const byFocus = Math.min(MAX_DIMENSIONS, MIN_DIMENSIONS + Math.floor(12 * focus + 1e-9));
  return Math.max(MIN_DIMENSIONS, byFocus - 2 * level);
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * The affect vector (see AFFECT_COMPONENTS). Always draws all harmonic phases, so the stream's position
 * afterwards does not depend on the dimensionality.
 */
export function affectVector(
  stream: KeyStream,
  tokens: readonly SelectedToken[],
  state: AppliedState,
  dimensions: number,
): number[] {
  const valences = tokens.map((token) => token.valence);
  const valence = mean(valences);
  const arousal = mean(tokens.map((token) => token.arousal));
  const spread = Math.sqrt(mean(valences.map((v) => (v - valence) ** 2)));
  const intentShare =
    tokens.length === 0 ? 0 : tokens.filter((token) => token.fromIntent).length / tokens.length;
  const phi = stream.unit();
  const amplitude = 0.25 + 0.75 * arousal;
  const all = [
    valence,
    arousal,
    state.cognitive_load,
    state.attention_focus,
    mean(tokens.map((token) => token.complexity)),
    spread,
    intentShare,
    tokens.length / MAX_TOKENS,
  ];
  for (let k = 1; k <= HARMONICS; k++) {
    const psi = stream.unit();
    all.push(amplitude * Math.sin(2 * Math.PI * (k * phi + psi)));
  }
  return all.slice(0, dimensions).map(roundAffect);
}
