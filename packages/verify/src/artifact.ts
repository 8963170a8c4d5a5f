import { hashBytes, parseHash, QRGValidationError, type VerificationCheck } from "@qrg/core";
import { type KeyAlgorithm, type KeyList, type QRGResponse, QRGResponseSchema } from "@qrg/schema";
import { attestationChecks, documentPayloads } from "./attestation-checks.ts";
import { fromBase64, statementPae } from "./dsse/pae.ts";
import { claimedSignatures } from "./response-signatures.ts";
import { checkSignature } from "./signatures/check-signature.ts";
import { policyCoverage, policyRequires, type VerificationPolicy } from "./signatures/policy.ts";
import { createTrustStore, type TrustedKey, type TrustStore } from "./signatures/trust.ts";
import { type AttestationDocument, parseAttestationDocument } from "./statement/document.ts";
import { decodeStatement, responseCheck, signingTime, subjectCheck } from "./statement-checks.ts";

export interface VerifyArtifactInput {
  /** A QRGResponse (parsed JSON). Throws QRGValidationError when it is not one. */
  response: unknown;
  /** The artifact bytes; without them the hash is not recomputed (reported in `warnings`). */
  content?: Uint8Array;
  /** The attestation document served at attestation_ref: bytes, text or parsed JSON. */
  attestation?: Uint8Array | string | object;
  /** Trusted keys with validity windows: the GET /keys body, its `keys` array, or a trust store. */
  trust: readonly TrustedKey[] | KeyList | TrustStore;
  /** @default "auto" */
  policy?: VerificationPolicy;
  /** The verification time (a signature may not come from the future). @default new Date() */
  now?: Date;
}

export interface ArtifactVerificationReport {
  /** Every check passed. */
  valid: boolean;
  qrg_id: string;
  policy: VerificationPolicy;
  /** Content hash equals artifact.hash; null when no content was given. */
  hash_match: boolean | null;
  /** Every signature the policy requires verifies with a key trusted at signing time. */
  signature_valid: boolean;
  /** The Statement (and attestation document, when given) is signed and describes this artifact. */
  provenance_verified: boolean;
  /** When the artifact was signed (the Statement's finishedOn). */
  signed_at: string;
  checks: VerificationCheck[];
  warnings: string[];
}

function parseResponse(value: unknown): QRGResponse {
  const parsed = QRGResponseSchema.safeParse(value);
  if (!parsed.success) {
    throw QRGValidationError.fromZod(parsed.error, "not a QRGResponse");
  }
  return parsed.data;
}

function isTrustStore(trust: unknown): trust is TrustStore {
  return typeof (trust as TrustStore).byId === "function";
}

function hashCheck(response: QRGResponse, content: Uint8Array): VerificationCheck {
  const expected = response.artifact.hash;
  let computed: string;
  try {
    computed = hashBytes(parseHash(expected).algorithm, content);
  } catch {
    return {
      name: "artifact.hash",
      ok: false,
      detail: `artifact.hash ${expected} is not a 256-bit alg:hex digest`,
    };
  }
  const ok = computed === expected;
  return {
    name: "artifact.hash",
    ok,
    detail: ok
      ? `${content.byteLength} content bytes hash to artifact.hash ${expected}`
      : `content hashes to ${computed}, artifact.hash is ${expected}`,
  };
}

/** The Statement bytes: the response's statement_b64, else the attestation document's payload. */
function statementPayload(
  response: QRGResponse,
  document: AttestationDocument | undefined,
): { payload?: Uint8Array; source: string } {
  const b64 = response.provenance.statement_b64;
  if (b64 !== undefined) {
    const payload = fromBase64(b64);
    return payload
      ? { payload, source: "provenance.statement_b64" }
      : { source: "provenance.statement_b64 is not base64" };
  }
  const fromDocument = document ? documentPayloads(document)[0]?.payload : undefined;
  if (fromDocument) return { payload: fromDocument, source: "attestation document payload" };
  return { source: "no Statement: provenance.statement_b64 is absent and no attestation document was given" };
}

/**
 * Verifies a QRG artifact offline: its content hash, the signed in-toto Statement (subject = artifact hash,
 * builder and time = the response's), every signature the policy requires (with a trusted key whose
 * validity window contains the signing time, so retired keys still verify what they signed), and, when
 * given, the attestation document (same payload; Sigstore bundle through @sigstore/verify; ML-DSA-87
 * envelopes).
 */
export function verifyArtifact(input: VerifyArtifactInput): ArtifactVerificationReport {
  const response = parseResponse(input.response);
  const trust = isTrustStore(input.trust) ? input.trust : createTrustStore(input.trust as TrustedKey[]);
  const policy = input.policy ?? "auto";
  const now = input.now ?? new Date();
  const checks: VerificationCheck[] = [];
  const warnings: string[] = trust.refused.map((reason) => `trusted key refused: ${reason}`);

  let hashMatch: boolean | null = null;
  if (input.content) {
    const check = hashCheck(response, input.content);
    hashMatch = check.ok;
    checks.push(check);
  } else {
    warnings.push("artifact content not supplied: its hash was not recomputed");
  }

  let document: AttestationDocument | undefined;
  if (input.attestation !== undefined) {
    try {
      document = parseAttestationDocument(input.attestation);
    } catch (error) {
      checks.push({ name: "attestation.document", ok: false, detail: (error as Error).message });
    }
  }

  const { payload, source } = statementPayload(response, document);
  const decoded = decodeStatement(payload, source);
  checks.push(decoded.check);
  if (decoded.statement) {
    checks.push(subjectCheck(decoded.statement, response));
    checks.push(responseCheck(decoded.statement, response, now));
  }
  const signedAt = signingTime(decoded.statement, response);

  const claimed = claimedSignatures(response.provenance);
  const present: KeyAlgorithm[] = claimed.map((signature) => signature.algorithm);
  const seen = new Map<string, number>();
  for (const signature of claimed) {
    if (!policyRequires(policy, signature.algorithm)) {
      warnings.push(`policy ${policy}: the ${signature.algorithm} signature was not checked`);
      continue;
    }
    const count = (seen.get(signature.algorithm) ?? 0) + 1;
    seen.set(signature.algorithm, count);
    const name = `signature.${signature.algorithm}${count > 1 ? `#${count}` : ""}`;
    if (!payload) {
      checks.push({ name, ok: false, detail: "no signed Statement to verify against" });
      continue;
    }
    const result = checkSignature(signature, statementPae(payload), signedAt, trust);
    checks.push({ name, ok: result.ok, detail: result.detail });
  }
  const uncovered = policyCoverage(policy, present);
  checks.push({
    name: "signature.policy",
    ok: uncovered === undefined,
    detail:
      uncovered ?? `${policy}: ${present.filter((a) => policyRequires(policy, a)).join(" + ")} required`,
  });

  if (document) checks.push(...attestationChecks(document, payload, signedAt, trust));

  const signatureValid = checks.filter((c) => c.name.startsWith("signature.")).every((c) => c.ok);
  const provenanceVerified =
    signatureValid &&
    checks
      .filter((c) => c.name.startsWith("statement.") || c.name.startsWith("attestation."))
      .every((c) => c.ok);
  return {
    valid: checks.every((check) => check.ok),
    qrg_id: response.qrg_id,
    policy,
    hash_match: hashMatch,
    signature_valid: signatureValid,
    provenance_verified: provenanceVerified,
    signed_at: Number.isNaN(signedAt.getTime()) ? response.provenance.build_time : signedAt.toISOString(),
    checks,
    warnings,
  };
}
