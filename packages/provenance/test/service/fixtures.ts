import { randomUUID } from "node:crypto";
import type { AttestationInput, UrlBuilder } from "@qrg/core";
import { hashBytes } from "@qrg/core";
import { type QRGRequest, QRGRequestSchema, type QRGResponse, type SignatureAlgorithm } from "@qrg/schema";

export const SEED = "quantum-seed-2025-11-10-xyz-secret";

export const urls: UrlBuilder = {
  artifactContent: (id) => `https://qrg.test/api/v1/qrg/artifacts/${id}/content`,
  attestation: (id) => `https://qrg.test/api/v1/qrg/attestations/${id}`,
  key: (keyId) => `https://qrg.test/api/v1/qrg/keys/${keyId}`,
  sbom: (digest) => `https://qrg.test/api/v1/qrg/sbom/${digest}`,
};

export const POLICY = { version: "2025.11.1", digest: `sha256:${"ab".repeat(32)}` };

export interface Scenario {
  input: AttestationInput;
  content: Uint8Array;
  request: QRGRequest;
}

/** An artifact as the orchestrator hands it to attest(): real bytes, their hash, the parsed request. */
export function scenario(
  algorithm: SignatureAlgorithm = "ed25519",
  overrides: { hashAlgorithm?: "sha256" | "sha3-256" | "blake3"; finishedOn?: Date; qrgId?: string } = {},
): Scenario {
  const request = QRGRequestSchema.parse({
    user_id: "lid:alice_01",
    seed: SEED,
    context: { tier_level: 3, intent: "calm ocean" },
    options: { signature_algorithm: algorithm, hash_algorithm: overrides.hashAlgorithm ?? "sha256" },
  });
  const content = new TextEncoder().encode(
    JSON.stringify({ tokens: ["quantum", "resonance"], n: Math.random() }),
  );
  const finishedOn = overrides.finishedOn ?? new Date("2025-11-10T15:30:00.250Z");
  return {
    request,
    content,
    input: {
      qrg_id: overrides.qrgId ?? `qrg:${randomUUID()}`,
      artifact: {
        hash: hashBytes(overrides.hashAlgorithm ?? "sha256", content),
        size_bytes: content.byteLength,
        content_type: "application/json",
        type: "symbolic",
      },
      request,
      options: request.options!,
      started_on: new Date(finishedOn.getTime() - 40),
      finished_on: finishedOn,
      policy: POLICY,
      urls,
    },
  };
}

/** The response the API would return for `input` once attested. */
export function responseFor(input: AttestationInput, provenance: QRGResponse["provenance"]): QRGResponse {
  return {
    qrg_id: input.qrg_id,
    seed: input.request.seed,
    artifact: {
      type: "symbolic",
      location: urls.artifactContent(input.qrg_id),
      hash: input.artifact.hash,
      size_bytes: input.artifact.size_bytes,
      content_type: input.artifact.content_type,
    },
    safety: { status: "approved", gate_checks: {} },
    provenance,
  };
}
