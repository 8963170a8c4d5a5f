import type { ArtifactType, HashAlgorithm, RequestContext, RequestOptions } from "@qrg/schema";

/** Why consciousness adaptation was or was not applied. */
export type ConsciousnessMode = "adapted" | "disabled" | "no_consent" | "unavailable";

export interface ConsciousnessInput {
  mode: ConsciousnessMode;
  /** Present only when mode is `adapted`. Missing fields take neutral values in the engine. */
  state?: { emotional_valence?: number; cognitive_load?: number; attention_focus?: number };
}

/** Entropy that actually went into an artifact. Never claims entropy that was not used. */
export interface EntropyUsed {
  /** What the request asked for. */
  requested: "pseudo_rng" | "quantum_rng";
  /** What was used: the deterministic seed-keyed DRBG, a quantum source, or the OS CSPRNG fallback. */
  source: "pseudo_rng" | "quantum_rng" | "os_csprng";
  /** External random bytes mixed into the DRBG key (absent for pseudo_rng: the artifact is deterministic). */
  bytes?: Uint8Array;
}

export interface GenerationInput {
  seed: string;
  context: RequestContext;
  options: RequestOptions;
  consciousness: ConsciousnessInput;
  entropy: EntropyUsed;
  /**
   * 0 for the first attempt; each further level lowers complexity (fewer, simpler tokens, fewer affect
   * dimensions). The CognitiveLoadEstimator asks for higher levels when the load is too high for a user
   * below T4.
   * @default 0
   */
  complexity_level?: number;
}

export interface ArtifactPart {
  /** `symbolic` (canonical JSON document), `svg` or `wav`. */
  kind: "symbolic" | "svg" | "wav";
  content_type: string;
  bytes: Uint8Array;
  /** `alg:hex` digest of `bytes` under the request's hash algorithm. */
  digest: string;
}

export interface SymbolicPayloadOut {
  tokens: string[];
  affect_vector: number[];
  metadata: Record<string, unknown>;
}

/** A generated artifact: the single byte string `content` is what artifact.hash covers. */
export interface GeneratedArtifact {
  type: ArtifactType;
  content: Uint8Array;
  content_type: string;
  hash_algorithm: HashAlgorithm;
  /** `alg:hex` digest of `content`. */
  hash: string;
  symbolic_payload: SymbolicPayloadOut;
  parts: ArtifactPart[];
  /** Text alternative of visual/audio renders (screen readers; audio description). */
  text_alternative?: string;
  /** True when a render animates (reduced_motion forbids it). */
  animated: boolean;
  /** Every string a user may see: tokens, intent-derived words, text alternatives. The cultural gate checks these. */
  visible_texts: string[];
  /** Normalised words of context.intent that joined the token candidates. */
  intent_words: string[];
  /** Non-blocking warnings the engine raises (e.g. entropy fallback). */
  warnings: string[];
  /** The complexity level that produced this artifact. */
  complexity_level: number;
}

/** The generation engine: pure and deterministic for a given input. */
export type GenerateArtifact = (input: GenerationInput) => GeneratedArtifact;
