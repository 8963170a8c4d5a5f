import { z } from "zod";
import { QrgIdSchema } from "./qrg-id.ts";
import { ArtifactTypeSchema } from "./request.ts";

const unit = () => z.number().min(0).max(1);

export const GateCheckSchema = z.looseObject({
  status: z.enum(["approved", "rejected"]).optional(),
  reason: z.string().optional(),
  score: unit().optional(),
});

export const CognitiveCheckSchema = z.looseObject({
  status: z.enum(["approved", "flagged"]).optional(),
  estimated_load: unit().optional(),
  warnings: z.array(z.string()).optional(),
});

export const SafetySchema = z
  .looseObject({
    status: z.enum(["approved", "rejected", "flagged"]).describe("Overall safety status"),
    gate_checks: z.looseObject({
      ConstitutionalGatekeeper: GateCheckSchema.optional(),
      CulturalSafetyChecker: GateCheckSchema.optional(),
      CognitiveLoadEstimator: CognitiveCheckSchema.optional(),
    }),
    warnings: z.array(z.string()).optional().describe("Non-blocking warnings from safety checks"),
  })
  .describe("Safety and governance check results");

/** The published names for provenance.signature.algorithm (test/fixtures/qrg-response.schema.json). `dilithium5` = FIPS 204 ML-DSA-87 here. */
export const SpecSignatureAlgorithmSchema = z.enum(["ed25519", "dilithium5", "ecdsa-p256"]);

export const SignatureEntrySchema = z.looseObject({
  algorithm: SpecSignatureAlgorithmSchema.optional(),
  public_key_ref: z.string().optional(),
  signature_b64: z.string().optional(),
});

/** QRG extension: one entry of provenance.signatures. */
export const SignatureDetailSchema = z.looseObject({
  algorithm: z.enum(["ed25519", "ecdsa-p256", "ml-dsa-87"]),
  key_id: z.string(),
  public_key_ref: z.string(),
  signature_b64: z.string(),
});

export const ConsensusSchema = z.looseObject({
  required: z.boolean().optional(),
  participants: z.int().min(0).optional(),
  agreement_score: unit().optional(),
  job_id: z.string().optional(),
});

export const ProvenanceSchema = z
  .looseObject({
    builder_id: z.string().describe("Identity of the builder/service that generated this artifact"),
    build_time: z.iso.datetime({ offset: true }).describe("ISO 8601 timestamp of artifact generation"),
    sbom_ref: z.url().optional(),
    attestation_ref: z.url().optional(),
    slsa_level: z.int().min(0).max(4).optional(),
    signature: SignatureEntrySchema.optional(),
    consensus: ConsensusSchema.optional(),
    /** QRG extension: every signature when more than one (hybrid). */
    signatures: z.array(SignatureDetailSchema).optional(),
    /** QRG extension: the signed in-toto Statement (DSSE payload), base64, so a saved response verifies offline. */
    statement_b64: z.string().optional(),
  })
  .describe("Cryptographic provenance and attestation");

export const ArtifactSchema = z.looseObject({
  type: ArtifactTypeSchema,
  location: z.url(),
  hash: z.string().regex(/^(sha256|sha3-256|blake3):[a-f0-9]+$/),
  size_bytes: z.int().min(0).optional(),
  content_type: z.string().optional(),
});

export const SymbolicPayloadSchema = z.looseObject({
  tokens: z.array(z.string()).optional(),
  affect_vector: z.array(z.number()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const MetricsSchema = z.looseObject({
  generation_time_ms: z.int().min(0).optional(),
  safety_check_time_ms: z.int().min(0).optional(),
  total_time_ms: z.int().min(0).optional(),
});

export const QRGResponseSchema = z
  .looseObject({
    qrg_id: QrgIdSchema,
    seed: z.string(),
    artifact: ArtifactSchema,
    symbolic_payload: SymbolicPayloadSchema.optional(),
    safety: SafetySchema,
    provenance: ProvenanceSchema,
    metrics: MetricsSchema.optional(),
  })
  .meta({ title: "QRGResponse" });

export type QRGResponse = z.output<typeof QRGResponseSchema>;
export type Safety = z.output<typeof SafetySchema>;
export type GateCheck = z.output<typeof GateCheckSchema>;
export type CognitiveCheck = z.output<typeof CognitiveCheckSchema>;
export type Provenance = z.output<typeof ProvenanceSchema>;
export type SignatureDetail = z.output<typeof SignatureDetailSchema>;
export type ArtifactRef = z.output<typeof ArtifactSchema>;
export type SymbolicPayload = z.output<typeof SymbolicPayloadSchema>;
