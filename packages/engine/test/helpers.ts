import type { ConsciousnessInput, EntropyUsed, GeneratedArtifact, GenerationInput } from "@qrg/core";
import type { RequestContext, RequestOptions } from "@qrg/schema";
import { lookupLexicon } from "../src/index.ts";
import { intentComplexity } from "../src/intent.ts";

/** Options as the orchestrator passes them (every default applied). */
export function options(overrides: Partial<RequestOptions> = {}): RequestOptions {
  return {
    entropy_source: "pseudo_rng",
    consensus_required: false,
    timeout_ms: 5000,
    artifact_type: "symbolic",
    signature_algorithm: "ed25519",
    hash_algorithm: "sha256",
    ...overrides,
  };
}

export interface InputOverrides {
  seed?: string;
  context?: RequestContext;
  options?: Partial<RequestOptions>;
  consciousness?: ConsciousnessInput;
  entropy?: EntropyUsed;
  complexity_level?: number;
}

export function input(overrides: InputOverrides = {}): GenerationInput {
  return {
    seed: overrides.seed ?? "quantum-seed-2025-11-10-xyz",
    context: overrides.context ?? {},
    options: options(overrides.options),
    consciousness: overrides.consciousness ?? {
      mode: "adapted",
      state: { emotional_valence: 0.7, cognitive_load: 0.3, attention_focus: 0.8 },
    },
    entropy: overrides.entropy ?? { requested: "pseudo_rng", source: "pseudo_rng" },
    complexity_level: overrides.complexity_level ?? 0,
  };
}

export function adapted(
  emotional_valence: number,
  cognitive_load: number,
  attention_focus: number,
): ConsciousnessInput {
  return { mode: "adapted", state: { emotional_valence, cognitive_load, attention_focus } };
}

/** Lexicon valence of a token; intent words outside the lexicon count as neutral (0), as the engine scores them. */
export function tokenValence(word: string): number {
  return lookupLexicon(word)?.valence ?? 0;
}

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

export const meanValence = (artifact: GeneratedArtifact): number =>
  mean(artifact.symbolic_payload.tokens.map(tokenValence));

/** Complexity of a token as the engine scores it: the lexicon's, or the formula's for an intent word. */
export function tokenComplexity(word: string): number {
  return lookupLexicon(word)?.complexity ?? intentComplexity(word);
}

/** Mean token complexity, recomputed exactly (affect component 4 is rounded). */
export const meanComplexity = (artifact: GeneratedArtifact): number =>
  mean(artifact.symbolic_payload.tokens.map(tokenComplexity));

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

export const json = (bytes: Uint8Array): Record<string, unknown> =>
  JSON.parse(text(bytes)) as Record<string, unknown>;
