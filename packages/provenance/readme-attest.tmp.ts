import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashBytes } from "@qrg/core";
import {
  closeSignWorkers,
  createFileKeyRing,
  createProvenanceService,
  verifyArtifact,
} from "@qrg/provenance";
import { QRGRequestSchema } from "@qrg/schema";

const keyRing = createFileKeyRing({ dataDir: mkdtempSync(join(tmpdir(), "qrg-")) });
const provenance = createProvenanceService({
  keyRing,
  builderId: "qrg-service-dev",
  generatorVersion: "0.1.0",
});

const content = new TextEncoder().encode('{"tokens":["tide"]}');
const request = QRGRequestSchema.parse({
  user_id: "lid:alice",
  seed: "a-secret-seed-0123456789",
  options: { signature_algorithm: "hybrid" },
});
const base = "https://qrg.example/api/v1/qrg";
const qrgId = "qrg:550e8400-e29b-41d4-a716-446655440000";
const { provenance: block, document } = await provenance.attest(
  {
    qrg_id: qrgId,
    artifact: { hash: hashBytes("sha256", content), size_bytes: content.length, content_type: "application/json", type: "symbolic" },
    request,
    options: request.options!,
    started_on: new Date(Date.now() - 5),
    finished_on: new Date(),
    policy: { version: "1", digest: hashBytes("sha256", new TextEncoder().encode("policy")) },
    urls: {
      artifactContent: (id) => `${base}/artifacts/${id}/content`,
      attestation: (id) => `${base}/attestations/${id}`,
      key: (keyId) => `${base}/keys/${keyId}`,
      sbom: (digest) => `${base}/sbom/${digest}`,
    },
  },
  AbortSignal.timeout(5_000),
);

const response = {
  qrg_id: qrgId,
  seed: request.seed,
  artifact: { type: "symbolic", location: `${base}/artifacts/${qrgId}/content`, hash: hashBytes("sha256", content) },
  safety: { status: "approved", gate_checks: {} },
  provenance: block,
};
const report = verifyArtifact({
  response,
  content,
  attestation: document,
  trust: { keys: await keyRing.list() },
  policy: "hybrid",
});
console.log(block.slsa_level, report.valid, report.checks.map((c) => `${c.ok ? "ok" : "FAIL"} ${c.name} ${c.detail}`));
await closeSignWorkers();
