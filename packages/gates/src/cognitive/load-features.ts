import type { GeneratedArtifact } from "@qrg/core";

/** Complexity features of an artifact, each normalised to 0-1. */
export interface LoadFeatures {
  /** Token count / 24, capped at 1. */
  readonly token_count: number;
  /** Mean token length in characters: 3 → 0, 12 → 1. */
  readonly token_length: number;
  /**
   * Share of rare tokens: 10 characters or longer, holding a character other than a letter, or (Latin script)
   * one of the least frequent letters j, q, x, z. An orthographic proxy for word frequency that needs no corpus.
   */
  readonly token_rarity: number;
  /** Affect vector dimensions / 16, capped at 1. */
  readonly affect_dimensionality: number;
  /** Distinct render kinds (symbolic, svg, wav) beyond the first, / 2. */
  readonly modalities: number;
}

/** How much each feature weighs in the artifact's complexity (they sum to 1). */
export const COGNITIVE_WEIGHTS = {
  token_count: 0.3,
  token_length: 0.15,
  token_rarity: 0.15,
  affect_dimensionality: 0.2,
  modalities: 0.2,
} as const satisfies Record<keyof LoadFeatures, number>;

/**
 * How the user's state moves the load: `+0.4 × (cognitive_load − 0.5) − 0.2 × (attention_focus − 0.5)`. A
 * neutral state (0.5, 0.5) leaves the artifact's complexity as the load; a loaded, distracted user (1, 0) adds
 * 0.3; a relaxed, focused one (0, 1) takes 0.3 away.
 */
export const STATE_WEIGHTS = { cognitive_load: 0.4, attention_focus: 0.2 } as const;

/** Above this the artifact may overwhelm the user. */
export const COGNITIVE_LOAD_THRESHOLD = 0.8;

const RARE_LETTER = /[jqxz]/;
const NON_LETTER = /[^\p{L}\p{M}]/u;

/** The complexity features of an artifact. */
export function loadFeatures(artifact: GeneratedArtifact): LoadFeatures {
  const tokens = artifact.symbolic_payload.tokens;
  const lengths = tokens.map((t) => [...t].length);
  const meanLength = lengths.length === 0 ? 0 : lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const rare = tokens.filter(
    (t, i) => lengths[i]! >= 10 || NON_LETTER.test(t) || RARE_LETTER.test(t.toLowerCase()),
  );
  const kinds = new Set(artifact.parts.map((p) => p.kind));
  return {
    token_count: unit(tokens.length / 24),
    token_length: unit((meanLength - 3) / 9),
    token_rarity: tokens.length === 0 ? 0 : rare.length / tokens.length,
    affect_dimensionality: unit(artifact.symbolic_payload.affect_vector.length / 16),
    modalities: unit((Math.max(1, kinds.size) - 1) / 2),
  };
}

/** The user's state as the estimator reads it; missing values are neutral (0.5). */
export interface LoadState {
  cognitive_load?: number | undefined;
  attention_focus?: number | undefined;
}

/** estimated_load in 0-1: weighted complexity, moved by the user's state (see STATE_WEIGHTS). */
export function estimateLoad(artifact: GeneratedArtifact, state: LoadState = {}): number {
  const features = loadFeatures(artifact);
  let complexity = 0;
  for (const key of Object.keys(COGNITIVE_WEIGHTS) as (keyof LoadFeatures)[]) {
    complexity += COGNITIVE_WEIGHTS[key] * features[key];
  }
  const load = state.cognitive_load ?? 0.5;
  const focus = state.attention_focus ?? 0.5;
  const estimated =
    complexity + STATE_WEIGHTS.cognitive_load * (load - 0.5) - STATE_WEIGHTS.attention_focus * (focus - 0.5);
  return Math.round(unit(estimated) * 1000) / 1000;
}

function unit(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}
