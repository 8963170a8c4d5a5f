import { z } from "zod";
import { HealthSchema } from "./health.ts";
import { KeyListSchema, PublicKeySchema } from "./keys.ts";
import { ProblemSchema } from "./problem.ts";
import { QRGRequestSchema } from "./request.ts";
import { QRGResponseSchema } from "./response.ts";
import { ValidateRequestSchema, ValidateResultSchema } from "./validate.ts";

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

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const qrgIdParam = {
  name: "qrg_id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^qrg:[a-f0-9-]+$" },
};

const common = {
  "401": problemResponse("Missing or invalid Lambda ID token"),
  "404": problemResponse("Not found, or QRG disabled (QRG_ENABLED=false)"),
  "500": problemResponse("Internal error (no internals disclosed)"),
};

/** The OpenAPI 3.1 document for the whole QRG API, built from the same zod schemas the server validates with. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): Record<string, unknown> {
  const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
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
          responses: {
            "200": { description: "The generated, signed and stored artifact", content: json("QRGResponse") },
            "400": problemResponse("Malformed JSON or schema violation (fields named)"),
            "403": problemResponse("user_id differs from the token subject, or tier above the token's"),
            "413": problemResponse("Body larger than 64 KiB"),
            "422": problemResponse("Rejected by a safety gate (gate, rule and reason named)"),
            "429": problemResponse("Generation quota exhausted (Retry-After)"),
            "501": problemResponse("Mesh consensus requested but not available"),
            "503": problemResponse("Signing keys unavailable"),
            "504": problemResponse("options.timeout_ms exceeded"),
            ...common,
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
            "400": problemResponse("Malformed request"),
            ...common,
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
          },
        },
      },
      "/api/v1/qrg/artifacts/{qrg_id}": {
        get: {
          operationId: "getArtifact",
          summary: "The stored response",
          parameters: [qrgIdParam],
          responses: {
            "200": { description: "The stored response", content: json("QRGResponse") },
            ...common,
          },
        },
      },
      "/api/v1/qrg/artifacts/{qrg_id}/content": {
        get: {
          operationId: "getArtifactContent",
          summary: "The artifact bytes with their content type",
          parameters: [qrgIdParam],
          responses: {
            "200": {
              description: "Artifact bytes",
              content: {
                "*/*": { schema: { type: "string", contentMediaType: "application/octet-stream" } },
              },
            },
            ...common,
          },
        },
      },
      "/api/v1/qrg/attestations/{qrg_id}": {
        get: {
          operationId: "getAttestation",
          summary: "The attestation document: Sigstore bundle v0.3 and any further DSSE envelopes",
          parameters: [qrgIdParam],
          responses: {
            "200": {
              description: "Attestation document",
              content: { "application/json": { schema: { type: "object" } } },
            },
            ...common,
          },
        },
      },
      "/api/v1/qrg/sbom/{digest}": {
        get: {
          operationId: "getSbom",
          summary: "The service SBOM (CycloneDX 1.6 JSON), content-addressed",
          parameters: [{ name: "digest", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": {
              description: "CycloneDX JSON",
              content: { "application/vnd.cyclonedx+json": { schema: { type: "object" } } },
            },
            ...common,
          },
        },
      },
      "/api/v1/qrg/keys": {
        get: {
          operationId: "listKeys",
          security: [],
          summary: "Every signing key with status and validity window",
          responses: { "200": { description: "Keys", content: json("KeyList") }, ...common },
        },
      },
      "/api/v1/qrg/keys/{key_id}": {
        get: {
          operationId: "getKey",
          security: [],
          summary: "One public key (JSON, or PEM with Accept: application/x-pem-file)",
          parameters: [{ name: "key_id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "Key", content: json("PublicKey") }, ...common },
        },
      },
      "/metrics": {
        get: {
          operationId: "metrics",
          security: [],
          summary: "Prometheus exposition",
          responses: {
            "200": { description: "Metrics", content: { "text/plain": { schema: { type: "string" } } } },
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
          },
        },
      },
    },
    components: {
      securitySchemes: { lambdaId: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        QRGRequest: input(QRGRequestSchema),
        QRGResponse: output(QRGResponseSchema),
        ValidateRequest: input(ValidateRequestSchema),
        ValidateResult: output(ValidateResultSchema),
        Health: output(HealthSchema),
        PublicKey: output(PublicKeySchema),
        KeyList: output(KeyListSchema),
        Problem: output(ProblemSchema),
      },
    },
  };
}
