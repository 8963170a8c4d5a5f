import { sign, verify } from "node:crypto";
import {
  type ArtifactStore,
  type Attestation,
  type AttestationInput,
  canonicalJsonBytes,
  hashBytes,
  type ProvenanceService,
  parseHash,
  type VerificationInput,
  type VerificationResult,
} from "@qrg/core";
import type { Provenance, PublicKeyInfo } from "@qrg/schema";
import { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from "@qrg/verify";
import { deriveSymbols } from "./derive.ts";
import { MOCK_BUILDER_ID } from "./render.ts";
import { mockSbom } from "./sbom.ts";
import { buildStatement, expectedSubjectDigest, parseStatement } from "./statement.ts";
import { MOCK_TEST_KEY_NOT_BEFORE, mockTestKey } from "./test-key.ts";

export interface MockProvenance extends ProvenanceService {
  /** Puts the mock SBOM into the store once, so that sbom_ref resolves; retried after a failure. */
  storeSbom(): Promise<void>;
}

/**
 * Provenance by the published Ed25519 TEST KEY: a small in-toto Statement (the seed only as a digest) in a
 * DSSE envelope, SLSA level 0, the mock's SBOM. Real signatures that prove nothing about who made them.
 */
export function createMockProvenance(store: ArtifactStore, packageVersion: string): MockProvenance {
  const sbom = mockSbom(packageVersion);
  let sbomStored: Promise<void> | undefined;
  const storeSbom = () => {
    sbomStored ??= store.putSbom(sbom.digest, sbom.bytes).catch((error: unknown) => {
      sbomStored = undefined;
      throw error;
    });
    return sbomStored;
  };

  return {
    storeSbom,
    async attest(input: AttestationInput): Promise<Attestation> {
      await storeSbom();
      const { qrg_id: qrgId, options } = input;
      const buildTime = input.finished_on.toISOString();
      const statement = buildStatement({
        qrgId,
        hash: parseHash(input.artifact.hash),
        artifact: {
          type: options.artifact_type,
          content_type: input.artifact.content_type,
          size_bytes: input.artifact.size_bytes,
        },
        request: input.request,
        options,
        seedDigest: deriveSymbols(input.request.seed).seedDigest,
        buildTime,
      });
      const key = mockTestKey();
      const signatureB64 = sign(
        null,
        preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement),
        key.privateKey,
      ).toString("base64");
      const envelope: DsseEnvelope = {
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        payload: Buffer.from(statement).toString("base64"),
        signatures: [{ keyid: key.keyId, sig: signatureB64 }],
      };
      const publicKeyRef = input.urls.key(key.keyId);
      const provenance: Provenance = {
        builder_id: MOCK_BUILDER_ID,
        build_time: buildTime,
        sbom_ref: input.urls.sbom(sbom.digest),
        attestation_ref: input.urls.attestation(qrgId),
        slsa_level: 0,
        signature: { algorithm: "ed25519", public_key_ref: publicKeyRef, signature_b64: signatureB64 },
        signatures: [
          {
            algorithm: "ed25519",
            key_id: key.keyId,
            public_key_ref: publicKeyRef,
            signature_b64: signatureB64,
          },
        ],
        statement_b64: envelope.payload,
        consensus: { required: options.consensus_required, participants: 0 },
      };
      const warnings = ["mock adapter: signed with a published TEST KEY, not a service key"];
      // Absent means "the service's configured algorithm", which for the mock is Ed25519.
      if (options.signature_algorithm !== undefined && options.signature_algorithm !== "ed25519") {
        warnings.push(`mock adapter: signed with ed25519, not the requested ${options.signature_algorithm}`);
      }
      if (options.consensus_required)
        warnings.push("mock adapter: consensus required but no mesh consensus ran");
      return { provenance, document: canonicalJsonBytes(envelope), warnings };
    },
    async verify(input: VerificationInput): Promise<VerificationResult> {
      const { response, content } = input;
      const { provenance } = response;
      const statement = Buffer.from(provenance.statement_b64 ?? "", "base64");
      const envelope = input.attestation && parseEnvelope(input.attestation);
      const parsed = parseStatement(statement);
      const actual = parseHash(hashBytes(parseHash(response.artifact.hash).algorithm, content));
      const provenanceVerified =
        envelope !== undefined &&
        envelope.payload === provenance.statement_b64 &&
        envelope.signatures.some((s) => verifiesTestKey(envelope.payloadType, statement, s.sig)) &&
        parsed !== undefined &&
        parsed.subjectName === response.qrg_id &&
        parsed.builderId === provenance.builder_id &&
        sameDigest(parsed.subjectDigest, expectedSubjectDigest(actual));
      return {
        signature_valid: mockSignatureValid(provenance),
        provenance_verified: provenanceVerified,
        checks: [],
      };
    },
    async listKeys(): Promise<PublicKeyInfo[]> {
      const key = mockTestKey();
      return [
        {
          key_id: key.keyId,
          algorithm: "ed25519",
          public_key_pem: key.publicKeyPem,
          status: "active",
          not_before: MOCK_TEST_KEY_NOT_BEFORE,
          not_after: null,
        },
      ];
    },
    sbom: () => sbom,
    health: async () => "ok",
  };
}

/** Whether the response's signature is the test key's Ed25519 signature over its statement's PAE. */
export function mockSignatureValid(provenance: Provenance): boolean {
  const statement = Buffer.from(provenance.statement_b64 ?? "", "base64");
  return (
    provenance.signature?.algorithm === "ed25519" &&
    verifiesTestKey(IN_TOTO_PAYLOAD_TYPE, statement, provenance.signature.signature_b64 ?? "")
  );
}

function verifiesTestKey(payloadType: string, payload: Uint8Array, signatureB64: string): boolean {
  try {
    const signature = Buffer.from(signatureB64, "base64");
    return verify(null, preAuthEncoding(payloadType, payload), mockTestKey().publicKey, signature);
  } catch {
    return false;
  }
}

function parseEnvelope(bytes: Uint8Array): DsseEnvelope | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<DsseEnvelope>;
    if (typeof value.payloadType !== "string" || typeof value.payload !== "string") return undefined;
    if (!Array.isArray(value.signatures)) return undefined;
    return value as DsseEnvelope;
  } catch {
    return undefined;
  }
}

function sameDigest(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}
