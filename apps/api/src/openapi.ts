import type { QRGErrorCode } from "@qrg/core";
import {
  HealthSchema,
  KeyListSchema,
  ProblemSchema,
  PublicKeySchema,
  QRG_ID_PATTERN,
  QRGRequestSchema,
  QRGResponseSchema,
  ValidateRequestSchema,
  ValidateResultSchema,
} from "@qrg/schema";
import { z } from "zod";
import { ACCEPTED_JOB_SCHEMA, CONSENSUS_JOB_SCHEMA, MESH_NODES_SCHEMA } from "./consensus/openapi-schemas.ts";
import { MAX_BODY_BYTES } from "./limits.ts";
import { STATUS_BY_CODE } from "./problem.ts";

export interface OpenApiOptions {
  /** Public base URL of the API, listed under `servers`. */
  serverUrl?: string;
  /** Service version for `info.version`. @default "0.1.0" */
  version?: string;
}

type JsonSchema = Record<string, unknown>;

// OpenAPI 3.1 schemas are JSON Schema 2020-12; requests are described as accepted (defaults optional),
// responses as produced.
const input = (schema: z.ZodType): JsonSchema =>
  strip(z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }));
const output = (schema: z.ZodType): JsonSchema =>
  strip(z.toJSONSchema(schema, { io: "output", target: "draft-2020-12" }));

function strip(schema: Record<string, unknown>): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });

/** Why a route answers with an error code; the status comes from problem.ts's one table. */
const WHY: Partial<Record<QRGErrorCode, string>> = {
  unauthorized: "Missing or invalid Lambda ID token",
  quota_exceeded: "Rate limit exceeded (Retry-After, RateLimit-* headers)",
  not_found: "Not found, or QRG disabled (QRG_ENABLED=false)",
  internal_error: "Internal error (no internals disclosed)",
};

type Problems = Partial<Record<QRGErrorCode, string>>;

/** Problem responses, keyed by the HTTP status `STATUS_BY_CODE` gives each code. */
function problems(codes: Problems): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [code, description] of Object.entries(codes) as [QRGErrorCode, string][]) {
    responses[String(STATUS_BY_CODE[code])] = {
      description,
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  return responses;
}

// Every QRG route answers 404 when QRG is disabled; every route can fail with a 500.
const base: Problems = { not_found: WHY.not_found!, internal_error: WHY.internal_error! };
// Routes without a token are limited per client address; routes with one per subject and tier.
const anonymous: Problems = { ...base, quota_exceeded: WHY.quota_exceeded! };
const authenticated: Problems = { ...anonymous, unauthorized: WHY.unauthorized! };
/** Reads answer 404 alike for a missing artifact and one the caller does not own (no existence oracle). */
const ownerRead: Problems = {
  ...authenticated,
  not_found: "No such artifact, not the caller's (owner or `auditor` scope only), or QRG disabled",
};
const malformedId = (what: string): Problems => ({ validation_error: `Malformed ${what}` });
// Reads of stored artifacts: expired under QRG_RETENTION_DAYS, or the store (S3) unreachable.
const stored: Problems = {
  artifact_expired: "The artifact expired under the retention policy (QRG_RETENTION_DAYS)",
  unavailable: "The artifact store is unavailable (Retry-After)",
};
const qrgIdParam = {
  name: "qrg_id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: QRG_ID_PATTERN.source },
};

/** The OpenAPI 3.1 document for the whole QRG API, built from the same zod schemas the server validates with. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "QRG — Quantum Reality Generation API",
      version: options.version ?? "0.1.0",
      description:
        "Deterministic, governed, signed and attested artifact generation. Errors are RFC 9457 problem+json with a stable `code`.",
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ lambdaId: [] }],
    paths: {
      "/api/v1/qrg/generate": {
        post: {
          operationId: "generate",
          summary: "Generate a QRG artifact",
          requestBody: { required: true, content: json("QRGRequest") },
          parameters: [
            {
              name: "Prefer",
              in: "header",
              required: false,
              description:
                "`respond-async` with `consensus_required: true`: answer 202 at once and follow the job at Location",
              schema: { type: "string" },
            },
          ],
          responses: {
            "200": {
              description:
                "The generated, signed and stored artifact (with consensus: once a quorum of mesh nodes agreed, provenance.consensus names the job and carries the quorum certificate)",
              content: json("QRGResponse"),
            },
            "202": {
              description:
                "Consensus job accepted (Prefer: respond-async); Location: /api/v1/qrg/jobs/{job_id}",
              headers: { Location: { schema: { type: "string" } } },
              content: json("AcceptedJob"),
            },
            ...problems({
              ...authenticated,
              validation_error: "Malformed JSON or schema violation (fields named)",
              forbidden: "user_id differs from the token subject, or tier above the token's",
              payload_too_large: `Body larger than ${MAX_BODY_BYTES / 1024} KiB`,
              safety_rejection: "Rejected by a safety gate (gate, rule and reason named)",
              quota_exceeded: "Generation quota or rate limit exhausted (Retry-After, RateLimit-* headers)",
              storage_full: "Storage full: writes refused while reads still work",
              not_implemented: "Mesh consensus requested but not enabled (QRG_CONSENSUS_ENABLED=false)",
              unavailable:
                "Signing keys, the artifact store or the quota store unavailable, or fewer than a quorum of mesh nodes alive (Retry-After)",
              consensus_failed:
                "Fewer than a quorum of mesh nodes agreed with the artifact, after the retry (job_id, participants, agreement_score, dissenting)",
              timeout:
                "options.timeout_ms exceeded, or no quorum within the consensus job timeout (3 × timeout_ms)",
              consensus_timeout:
                "options.timeout_ms exceeded, or no quorum within the consensus job timeout (3 × timeout_ms)",
            }),
          },
        },
      },
      "/api/v1/qrg/validate": {
        post: {
          operationId: "validate",
          summary: "Recompute an artifact's hash, signatures and provenance from stored bytes and keys",
          requestBody: { required: true, content: json("ValidateRequest") },
          responses: {
            "200": { description: "Validation result", content: json("ValidateResult") },
            ...problems({
              ...authenticated,
              validation_error: "Malformed request",
              payload_too_large: `Body larger than ${MAX_BODY_BYTES / 1024} KiB`,
              ...stored,
            }),
          },
        },
      },
      "/api/v1/qrg/health": {
        get: {
          operationId: "health",
          security: [],
          summary: "Adapter and service health",
          responses: {
            "200": { description: "Healthy or degraded", content: json("Health") },
            "503": { description: "Unhealthy", content: json("Health") },
            ...problems(anonymous),
          },
        },
      },
      "/api/v1/qrg/artifacts/{qrg_id}": {
        get: {
          operationId: "getArtifact",
          summary: "The stored response (its owner or an auditor only)",
          parameters: [qrgIdParam],
          responses: {
            "200": { description: "The stored response", content: json("QRGResponse") },
            ...problems({ ...ownerRead, ...malformedId("qrg_id"), ...stored }),
          },
        },
      },
      "/api/v1/qrg/artifacts/{qrg_id}/verification": {
        get: {
          operationId: "getVerificationView",
          security: [],
          summary:
            "What anyone may see to verify an artifact: hash, signatures and the signed Statement (digests of personal inputs only)",
          parameters: [qrgIdParam],
          responses: {
            "200": {
              description: "Verification view",
              content: { "application/json": { schema: { type: "object" } } },
            },
            ...problems({ ...anonymous, ...malformedId("qrg_id"), ...stored }),
          },
        },
      },
      "/api/v1/qrg/artifacts/{qrg_id}/content": {
        get: {
          operationId: "getArtifactContent",
          summary: "The artifact bytes with their content type (its owner or an auditor only)",
          parameters: [qrgIdParam],
          responses: {
            "200": {
              description: "Artifact bytes",
              content: {
                "*/*": { schema: { type: "string", contentMediaType: "application/octet-stream" } },
              },
            },
            ...problems({ ...ownerRead, ...malformedId("qrg_id"), ...stored }),
          },
        },
      },
      "/api/v1/qrg/attestations/{qrg_id}": {
        get: {
          operationId: "getAttestation",
          summary:
            "The attestation document: Sigstore bundle v0.3 and any further DSSE envelopes (its owner or an auditor only)",
          parameters: [qrgIdParam],
          responses: {
            "200": {
              description: "Attestation document",
              content: { "application/json": { schema: { type: "object" } } },
            },
            ...problems({ ...ownerRead, ...malformedId("qrg_id"), ...stored }),
          },
        },
      },
      "/api/v1/qrg/sbom/{digest}": {
        get: {
          operationId: "getSbom",
          security: [],
          summary: "The service SBOM (CycloneDX 1.6 JSON), content-addressed",
          parameters: [
            {
              name: "digest",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^sha256:[a-f0-9]{64}$" },
            },
          ],
          responses: {
            "200": {
              description: "CycloneDX JSON",
              content: { "application/vnd.cyclonedx+json": { schema: { type: "object" } } },
            },
            ...problems({ ...anonymous, ...malformedId("digest") }),
          },
        },
      },
      "/api/v1/qrg/keys": {
        get: {
          operationId: "listKeys",
          security: [],
          summary: "Every signing key with status and validity window",
          responses: { "200": { description: "Keys", content: json("KeyList") }, ...problems(anonymous) },
        },
      },
      "/api/v1/qrg/keys/{key_id}": {
        get: {
          operationId: "getKey",
          security: [],
          summary: "One public key (JSON, or PEM with Accept: application/x-pem-file)",
          parameters: [{ name: "key_id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "Key", content: json("PublicKey") }, ...problems(anonymous) },
        },
      },
      "/api/v1/qrg/jobs/{job_id}": {
        get: {
          operationId: "getConsensusJob",
          summary:
            "A consensus job: its state, the votes received and, once completed, the response (to the artifact's owner or an auditor)",
          parameters: [{ name: "job_id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "The job record", content: json("ConsensusJob") },
            ...problems({
              ...base,
              unauthorized: WHY.unauthorized!,
              not_found:
                "No such consensus job, or its artifact is not the caller's, or mesh consensus is off",
              ...malformedId("job_id"),
            }),
          },
        },
      },
      "/api/v1/qrg/mesh/nodes": {
        get: {
          operationId: "listMeshNodes",
          security: [],
          summary:
            "The mesh's registered node keys with their last-seen times (what quorum certificates are checked against)",
          responses: { "200": { description: "Mesh nodes", content: json("MeshNodes") }, ...problems(base) },
        },
      },
      "/metrics": {
        get: {
          operationId: "metrics",
          security: [{ metricsToken: [] }],
          summary:
            "Prometheus exposition: on the API port only when QRG_METRICS_TOKEN is set, with that token; always on QRG_METRICS_PORT",
          responses: {
            "200": { description: "Metrics", content: { "text/plain": { schema: { type: "string" } } } },
            ...problems({
              internal_error: WHY.internal_error!,
              unauthorized: "Missing or wrong metrics token",
              quota_exceeded: WHY.quota_exceeded!,
            }),
          },
        },
      },
      "/openapi.json": {
        get: {
          operationId: "openapi",
          security: [],
          summary: "This document",
          responses: {
            "200": {
              description: "OpenAPI 3.1",
              content: { "application/json": { schema: { type: "object" } } },
            },
            ...problems({ internal_error: WHY.internal_error!, quota_exceeded: WHY.quota_exceeded! }),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        lambdaId: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        metricsToken: { type: "http", scheme: "bearer", description: "QRG_METRICS_TOKEN" },
      },
      schemas: {
        QRGRequest: input(QRGRequestSchema),
        QRGResponse: output(QRGResponseSchema),
        ValidateRequest: input(ValidateRequestSchema),
        ValidateResult: output(ValidateResultSchema),
        Health: output(HealthSchema),
        PublicKey: output(PublicKeySchema),
        KeyList: output(KeyListSchema),
        Problem: output(ProblemSchema),
        AcceptedJob: ACCEPTED_JOB_SCHEMA,
        ConsensusJob: CONSENSUS_JOB_SCHEMA,
        MeshNodes: MESH_NODES_SCHEMA,
      },
    },
  };
}
