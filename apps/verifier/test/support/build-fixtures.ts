import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashBytes } from "@qrg/core";
import { createProvenanceService, type SigningKey } from "@qrg/provenance";
import { QRGRequestSchema, type QRGResponse, type SignatureAlgorithm } from "@qrg/schema";
import {
  CERTIFICATE_TYPE,
  encodeVotePayload,
  fromBase64,
  toBase64,
  type VotePayload,
  votePayloadDigest,
} from "@qrg/verify";
import { bundleToJSON } from "@sigstore/bundle";
import { DSSEBundleBuilder, MessageSignatureBundleBuilder, type Signer } from "@sigstore/sign";
import { fixedKey, fixedKeyRing, keyInfo } from "./fixed-keys.ts";

export const keys = {
  ed25519: fixedKey("ed25519", "ed25519"),
  other: fixedKey("ed25519-other", "ed25519"),
  p256: fixedKey("ecdsa-p256", "ecdsa-p256"),
  mlDsa: fixedKey("ml-dsa-87", "ml-dsa-87"),
};

const BASE = "https://qrg.example/api/v1/qrg";
const urls = {
  artifactContent: (id: string) => `${BASE}/artifacts/${encodeURIComponent(id)}/content`,
  attestation: (id: string) => `${BASE}/attestations/${encodeURIComponent(id)}`,
  key: (keyId: string) => `${BASE}/keys/${keyId}`,
  sbom: (digest: string) => `${BASE}/sbom/${digest}`,
};

const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => utf8(`${JSON.stringify(value, null, 2)}\n`);

/** A deterministic artifact and its response, attested by the real provenance service with fixed keys. */
async function attested(algorithm: SignatureAlgorithm, qrgId: string) {
  const service = createProvenanceService({
    keyRing: fixedKeyRing([keys.ed25519, keys.p256, keys.mlDsa]),
    builderId: "qrg-service-test-eu-1",
    generatorVersion: "0.1.0",
  });
  const content = utf8(`{"tokens":["quantum","resonance","tide"],"affect_vector":[0.7,0.3]}\n`);
  const request = QRGRequestSchema.parse({
    user_id: "lid:alice_01",
    seed: "golden-seed-0123456789abcdef",
    options: { signature_algorithm: algorithm },
  });
  const hash = hashBytes("sha256", content);
  const input = {
    qrg_id: qrgId,
    artifact: { hash, size_bytes: content.byteLength, content_type: "application/json", type: "symbolic" },
    request,
    options: request.options!,
    started_on: new Date("2025-11-10T15:29:59.800Z"),
    finished_on: new Date("2025-11-10T15:30:00.250Z"),
    policy: { version: "2025.11.1", digest: `sha256:${"ab".repeat(32)}` },
    urls,
  };
  const { provenance, document } = await service.attest(input, new AbortController().signal);
  const response: QRGResponse = {
    qrg_id: qrgId,
    seed: request.seed,
    artifact: {
      type: "symbolic",
      location: urls.artifactContent(qrgId),
      hash,
      size_bytes: content.byteLength,
      content_type: "application/json",
    },
    safety: { status: "approved", gate_checks: {} },
    provenance,
  };
  return { content, response, document };
}

const MESH_JOB_ID = "0f6d7a52-3c1e-4b7a-9d52-8e1f4c2b9a10";

/**
 * A consensus response: the single-key response with provenance.consensus carrying the quorum certificate
 * of three mesh nodes (fixed keys mesh-n1..n3), the node keys as GET /api/v1/qrg/mesh/nodes serves them, and
 * a certificate with one signature (below the quorum of 2).
 */
async function consensusFixtures(response: QRGResponse): Promise<Record<string, Uint8Array>> {
  const nodes = ["n1", "n2", "n3"].map((id) => ({ id, key: fixedKey(`mesh-${id}`, "ed25519") }));
  const payload: VotePayload = {
    job_id: MESH_JOB_ID,
    outcome: "generated",
    artifact_hash: response.artifact.hash,
    gates: { ConstitutionalGatekeeper: { status: "approved", score: 0 } },
    policy_digest: `sha256:${"ab".repeat(32)}`,
    lexicon_digests: [`sha256:${"cd".repeat(32)}`],
    subject: [{ name: response.qrg_id, digest: { sha256: response.artifact.hash.slice("sha256:".length) } }],
  };
  const bytes = encodeVotePayload(payload);
  const signatures = await Promise.all(
    nodes.map(async ({ id, key }) => ({
      node_id: id,
      key_id: key.keyId,
      algorithm: "ed25519",
      signature_b64: toBase64(await key.sign(bytes)),
    })),
  );
  const certificate = {
    _type: CERTIFICATE_TYPE,
    job_id: MESH_JOB_ID,
    nodes: nodes.map((n) => n.id),
    quorum: 2,
    payload,
    payload_digest: votePayloadDigest(payload),
    signatures,
    issued_at: "2025-11-10T15:30:00.400Z",
  };
  const withCertificate = (cert: typeof certificate) => {
    const copy = structuredClone(response);
    copy.provenance.consensus = {
      required: true,
      participants: 3,
      agreement_score: 1,
      job_id: MESH_JOB_ID,
      certificate_ref: `${BASE}/artifacts/${response.qrg_id}#/provenance/consensus/certificate`,
      certificate: cert,
    };
    return json(copy);
  };
  return {
    "response-consensus.json": withCertificate(certificate),
    "response-consensus-one-signature.json": withCertificate({
      ...certificate,
      signatures: signatures.slice(0, 1),
    }),
    "node-keys.json": json({
      quorum: 2,
      configured: nodes.map((n) => n.id),
      nodes: nodes.map(({ id, key }) => ({
        node_id: id,
        key_id: key.keyId,
        algorithm: "ed25519",
        public_key_pem: key.publicKeyPem,
        registered_at: "2025-11-10T15:00:00.000Z",
        last_seen: "2025-11-10T15:30:00.000Z",
      })),
    }),
  };
}

function signer(key: SigningKey, hint: string): Signer {
  return {
    async sign(data) {
      return {
        signature: Buffer.from(await key.sign(data)),
        key: { $case: "publicKey", publicKey: key.publicKeyPem, hint },
      };
    },
  };
}

export const ED25519_ID = "qrg:550e8400-e29b-41d4-a716-446655440000";
export const HYBRID_ID = "qrg:7c9e6679-7425-40de-944b-e07fc1f90ae7";

/** Writes every fixture file the golden tests name into `dir`. */
export async function buildFixtures(dir: string): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  const single = await attested("ed25519", ED25519_ID);
  files["response.json"] = json(single.response);
  files["content.json"] = single.content;
  files["attestation.json"] = single.document;

  const hybrid = await attested("hybrid", HYBRID_ID);
  files["response-hybrid.json"] = json(hybrid.response);
  files["content-hybrid.json"] = hybrid.content;
  files["attestation-hybrid.json"] = hybrid.document;

  const tamperedContent = single.content.slice();
  tamperedContent[12]! ^= 0x20;
  files["content-tampered.json"] = tamperedContent;

  const statement = fromBase64(single.response.provenance.statement_b64!)!;
  const tamperedStatement = new TextEncoder().encode(
    new TextDecoder().decode(statement).replace("qrg-service-test-eu-1", "qrg-service-evil-eu-1"),
  );
  const withStatement = structuredClone(single.response);
  withStatement.provenance.statement_b64 = toBase64(tamperedStatement);
  withStatement.provenance.builder_id = "qrg-service-evil-eu-1";
  files["response-tampered-statement.json"] = json(withStatement);

  const signature = fromBase64(single.response.provenance.signature!.signature_b64!)!;
  signature[5]! ^= 0x01;
  const withSignature = structuredClone(single.response);
  withSignature.provenance.signature!.signature_b64 = toBase64(signature);
  files["response-tampered-signature.json"] = json(withSignature);

  files["keys.json"] = json({ keys: [keyInfo(keys.ed25519), keyInfo(keys.p256), keyInfo(keys.mlDsa)] });
  files["keys-classical.json"] = json({ keys: [keyInfo(keys.ed25519), keyInfo(keys.p256)] });
  files["keys-wrong.json"] = json({ keys: [keyInfo(keys.other), keyInfo(keys.p256), keyInfo(keys.mlDsa)] });
  files["keys-expired.json"] = json({
    keys: [
      keyInfo(keys.ed25519, {
        status: "retired",
        not_before: "2025-01-01T00:00:00Z",
        not_after: "2025-06-30T00:00:00Z",
      }),
      keyInfo(keys.mlDsa),
    ],
  });
  files["keys-rotated.json"] = json({
    keys: [
      keyInfo(keys.ed25519, {
        status: "retired",
        not_before: "2025-01-01T00:00:00Z",
        not_after: "2025-12-01T00:00:00Z",
      }),
      keyInfo(keys.other, { not_before: "2025-12-01T00:00:00Z" }),
      keyInfo(keys.mlDsa),
    ],
  });

  // Bundles made by @sigstore/sign directly, the way another tool would.
  const artifact = utf8("release notes v1.2.3\n");
  files["artifact.txt"] = artifact;
  const subject = { name: "artifact.txt", digest: { sha256: hashBytes("sha256", artifact).slice(7) } };
  const statementBytes = Buffer.from(
    JSON.stringify({
      _type: "https://in-toto.io/Statement/v1",
      subject: [subject],
      predicateType: "https://example.com/p/v1",
      predicate: {},
    }),
  );
  const dsse = new DSSEBundleBuilder({ signer: signer(keys.p256, keys.p256.keyId), witnesses: [] });
  files["bundle-p256-dsse.json"] = json(
    bundleToJSON(await dsse.create({ data: statementBytes, type: "application/vnd.in-toto+json" })),
  );
  const message = new MessageSignatureBundleBuilder({
    signer: signer(keys.ed25519, "ed25519-key"),
    witnesses: [],
  });
  files["bundle-ed25519-message.json"] = json(
    bundleToJSON(await message.create({ data: Buffer.from(artifact) })),
  );

  Object.assign(files, await consensusFixtures(single.response));

  files["sbom.json"] = json({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    components: [{ type: "library", name: "zod", version: "4.6.7", purl: "pkg:npm/zod@4.6.7" }],
  });
  files["sbom-invalid.json"] = json({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    components: [{ type: "library" }],
  });
  files["not-json.txt"] = utf8("this is not JSON\n");
  files["unknown.json"] = json({ hello: "world" });
  files["response-malformed.json"] = json({ qrg_id: ED25519_ID, seed: 7, provenance: { builder_id: "b" } });

  await Promise.all(Object.entries(files).map(([name, bytes]) => writeFile(join(dir, name), bytes)));
}
