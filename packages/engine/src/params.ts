import type { ConsciousnessMode, EntropyUsed, GenerationInput } from "@qrg/core";
import { QRGGenerationError } from "@qrg/core";
import type { ArtifactType, HashAlgorithm } from "@qrg/schema";
import { normaliseIntent } from "./intent.ts";

/** Consciousness values the engine shapes an artifact for. */
export interface AppliedState {
  emotional_valence: number;
  cognitive_load: number;
  attention_focus: number;
}

/** Neutral values used when adaptation is not applied, and for fields an adapted state leaves out. */
export const NEUTRAL_STATE: Readonly<AppliedState> = Object.freeze({
  emotional_valence: 0,
  cognitive_load: 0.5,
  attention_focus: 0.5,
});

/** Accessibility needs the renders act on; any other value is ignored and does not reach the key. */
export const ACCESSIBILITY_NEEDS = ["high_contrast", "reduced_motion", "screen_reader"] as const;
export type AccessibilityNeed = (typeof ACCESSIBILITY_NEEDS)[number];

export interface EntropyRecord {
  requested: EntropyUsed["requested"];
  source: EntropyUsed["source"];
  /** External random bits mixed into the key (0 for pseudo_rng). */
  external_bits: number;
}

/** Everything that legitimately shapes an artifact, resolved from a GenerationInput. */
export interface GenerationParams {
  seed: string;
  mode: ConsciousnessMode;
  state: AppliedState;
  intentWords: string[];
  artifactType: ArtifactType;
  hashAlgorithm: HashAlgorithm;
  accessibility: AccessibilityNeed[];
  complexityLevel: number;
  entropy: EntropyRecord;
  /** External bytes (empty for pseudo_rng). */
  externalBytes: Uint8Array;
  warnings: string[];
}

const MIN_EXTERNAL_BYTES = 16;

function clampOr(value: number | undefined, min: number, max: number, fallback: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) return fallback;
  return value < min ? min : value > max ? max : value;
}

function appliedState(input: GenerationInput): AppliedState {
  const { mode, state } = input.consciousness;
  if (mode !== "adapted" || !state) return { ...NEUTRAL_STATE };
  return {
    emotional_valence: clampOr(state.emotional_valence, -1, 1, NEUTRAL_STATE.emotional_valence),
    cognitive_load: clampOr(state.cognitive_load, 0, 1, NEUTRAL_STATE.cognitive_load),
    attention_focus: clampOr(state.attention_focus, 0, 1, NEUTRAL_STATE.attention_focus),
  };
}

function accessibilityNeeds(needs: readonly string[] | undefined): AccessibilityNeed[] {
  const wanted = new Set((needs ?? []).map((need) => need.trim().toLowerCase().replaceAll("-", "_")));
  return ACCESSIBILITY_NEEDS.filter((need) => wanted.has(need));
}

/** Checks the entropy the orchestrator reports against the bytes it hands over; never over-claims. */
function entropyOf(entropy: EntropyUsed, warnings: string[]): { record: EntropyRecord; bytes: Uint8Array } {
  const bytes = entropy.bytes ?? new Uint8Array(0);
  if (entropy.source === "pseudo_rng") {
    if (bytes.length > 0) {
      throw new QRGGenerationError("entropy source pseudo_rng must not carry external bytes");
    }
    if (entropy.requested === "quantum_rng") {
      warnings.push(
        "quantum_rng unavailable: the deterministic seed-keyed pseudo_rng was used, no external entropy",
      );
    }
    return { record: { requested: entropy.requested, source: "pseudo_rng", external_bits: 0 }, bytes };
  }
  if (entropy.requested !== "quantum_rng") {
    throw new QRGGenerationError(`entropy source ${entropy.source} supplied for a pseudo_rng request`);
  }
  if (bytes.length < MIN_EXTERNAL_BYTES) {
    throw new QRGGenerationError(
      `entropy source ${entropy.source} supplied ${bytes.length} bytes; at least ${MIN_EXTERNAL_BYTES} are required`,
    );
  }
  const bits = bytes.length * 8;
  if (entropy.source === "os_csprng") {
    warnings.push(
      `quantum_rng unavailable: OS CSPRNG used (${bits} external bits mixed into the seed-keyed DRBG key); ` +
        "the artifact cannot be reproduced from its seed alone",
    );
  }
  return { record: { requested: "quantum_rng", source: entropy.source, external_bits: bits }, bytes };
}

/** Resolves and checks a GenerationInput. Unknown accessibility needs and cultural context are not used. */
export function resolveParams(input: GenerationInput): GenerationParams {
  if (typeof input.seed !== "string" || input.seed.length === 0) {
    throw new QRGGenerationError("generation needs a non-empty seed");
  }
  const level = input.complexity_level ?? 0;
  if (!Number.isSafeInteger(level) || level < 0) {
    throw new QRGGenerationError(`complexity_level must be a non-negative integer, got ${level}`);
  }
  const warnings: string[] = [];
  const { record, bytes } = entropyOf(input.entropy, warnings);
  return {
    seed: input.seed,
    mode: input.consciousness.mode,
    state: appliedState(input),
    intentWords: normaliseIntent(input.context.intent),
    artifactType: input.options.artifact_type ?? "symbolic",
    hashAlgorithm: input.options.hash_algorithm ?? "sha256",
    accessibility: accessibilityNeeds(input.context.cultural_context?.accessibility_needs),
    complexityLevel: level,
    entropy: record,
    externalBytes: bytes,
    warnings,
  };
}
