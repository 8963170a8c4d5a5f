import { z } from "zod";

/**
 * A string whose length is counted in Unicode code points, as JSON Schema's minLength/maxLength count it
 * (zod's .min/.max count UTF-16 code units, which would disagree with the published JSON Schema on astral characters).
 */
function codePointString(min: number, max: number) {
  return z
    .string()
    .check(
      z.refine((s) => {
        const n = [...s].length;
        return n >= min && n <= max;
      }, `must be ${min}-${max} characters long`),
    )
    .meta(min > 0 ? { minLength: min, maxLength: max } : { maxLength: max });
}

/*
 * Request objects are strict: an unknown field is refused with 400 naming it, instead of being dropped
 * silently or, worse, carried into a signed attestation that is stored for ever.
 */

/** Artifact kinds. `symbolic` is the default; the others render SVG and/or WAV parts. */
export const ArtifactTypeSchema = z.enum(["symbolic", "visual", "audio", "multimodal"]);
/** Our signature algorithm names (the response's `dilithium5` is signed as FIPS 204 ML-DSA-87). */
export const SignatureAlgorithmSchema = z.enum(["ed25519", "ecdsa-p256", "ml-dsa-87", "hybrid"]);
export const HashAlgorithmSchema = z.enum(["sha256", "sha3-256", "blake3"]);
export const EntropySourceSchema = z.enum(["pseudo_rng", "quantum_rng"]);

export const ConsciousnessStateSchema = z.strictObject({
  emotional_valence: z
    .number()
    .min(-1)
    .max(1)
    .optional()
    .describe("Emotional state: -1.0 (negative) to 1.0 (positive)"),
  cognitive_load: z.number().min(0).max(1).optional().describe("Cognitive load: 0.0 (low) to 1.0 (high)"),
  attention_focus: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Attention focus: 0.0 (distracted) to 1.0 (focused)"),
});

export const CulturalContextSchema = z.strictObject({
  languages: z
    .array(z.string().max(35))
    .max(32)
    .optional()
    .describe("ISO 639-1 language codes (e.g., ['en', 'es'])"),
  regions: z
    .array(z.string().max(8))
    .max(64)
    .optional()
    .describe("ISO 3166-1 alpha-2 country codes (e.g., ['US', 'MX'])"),
  accessibility_needs: z
    .array(z.string().max(64))
    .max(32)
    .optional()
    .describe("Accessibility requirements (e.g., ['high_contrast', 'screen_reader'])"),
});

export const RequestContextSchema = z
  .strictObject({
    consciousness_state: ConsciousnessStateSchema.optional(),
    cultural_context: CulturalContextSchema.optional(),
    tier_level: z
      .int()
      .min(1)
      .max(5)
      .optional()
      .describe("User tier level (1-5, where 4+ enables advanced features)"),
    /** QRG extension: free text whose normalised words may enter the tokens; checked by the gates. */
    intent: codePointString(0, 500)
      .optional()
      .describe("QRG extension: free-text intent (at most 500 characters)"),
  })
  .describe("Contextual metadata for artifact generation");

export const RequestOptionsSchema = z
  .strictObject({
    entropy_source: EntropySourceSchema.default("pseudo_rng").describe(
      "Entropy source for artifact generation",
    ),
    consensus_required: z
      .boolean()
      .default(false)
      .describe("Whether mesh consensus is required for this artifact"),
    timeout_ms: z
      .int()
      .min(100)
      .max(30000)
      .default(5000)
      .describe("Maximum time to wait for artifact generation (milliseconds)"),
    /** QRG extension. @default "symbolic" */
    artifact_type: ArtifactTypeSchema.default("symbolic").describe("QRG extension: artifact kind"),
    /**
     * QRG extension. Absent: the service's configured default (QRG_SIGNATURE_ALGORITHM).
     * @default "ed25519" (the embedded default's configuration)
     */
    signature_algorithm: SignatureAlgorithmSchema.optional().describe(
      "QRG extension: signature algorithm (default: the service's configured algorithm, ed25519 unless configured)",
    ),
    /** QRG extension. @default "sha256" */
    hash_algorithm: HashAlgorithmSchema.default("sha256").describe("QRG extension: artifact hash algorithm"),
  })
  .describe("Optional generation parameters");

export const QRGRequestSchema = z
  .strictObject({
    user_id: z
      .string()
      .regex(/^lid:[a-zA-Z0-9_-]+$/)
      .describe("Lambda ID or internal user identifier (e.g., lid:abc123...)"),
    seed: codePointString(16, 256).describe("Cryptographic seed for deterministic artifact generation"),
    context: RequestContextSchema.optional(),
    options: RequestOptionsSchema.optional(),
  })
  .meta({ title: "QRGRequest" });

/** The request as sent (defaults not yet applied). */
export type QRGRequestInput = z.input<typeof QRGRequestSchema>;
/** The request after parsing: option defaults applied. */
export type QRGRequest = z.output<typeof QRGRequestSchema>;
export type RequestContext = z.output<typeof RequestContextSchema>;
export type RequestOptions = z.output<typeof RequestOptionsSchema>;
export type ConsciousnessState = z.output<typeof ConsciousnessStateSchema>;
export type CulturalContext = z.output<typeof CulturalContextSchema>;
export type ArtifactType = z.output<typeof ArtifactTypeSchema>;
export type SignatureAlgorithm = z.output<typeof SignatureAlgorithmSchema>;
export type HashAlgorithm = z.output<typeof HashAlgorithmSchema>;
export type EntropySource = z.output<typeof EntropySourceSchema>;

/** Options with every default applied, as the engine and the gates see them. */
export function resolveOptions(options: QRGRequest["options"]): RequestOptions {
  return RequestOptionsSchema.parse(options ?? {});
}
