import type { VerificationCheck } from "@qrg/core";
import { hashBytes } from "@qrg/core";
import { fromBase64, preAuthEncoding } from "./dsse/pae.ts";
import { checkSignature } from "./signatures/check-signature.ts";
import { shortId, type TrustStore } from "./signatures/trust.ts";
import { verifySigstoreBundle } from "./sigstore-bundle.ts";
import { IN_TOTO_PAYLOAD_TYPE } from "./statement/constants.ts";
import type { AttestationDocument } from "./statement/document.ts";

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** The payloads an attestation document signs: its bundle's and each envelope's. */
export function documentPayloads(
  document: AttestationDocument,
): { payloadType: string; payload?: Uint8Array }[] {
  const payloads: { payloadType: string; payload?: Uint8Array }[] = [];
  const envelope = document.bundle?.dsseEnvelope;
  if (document.bundle) {
    const decoded = envelope ? fromBase64(envelope.payload) : undefined;
    payloads.push({
      payloadType: envelope?.payloadType ?? "(message signature)",
      ...(decoded ? { payload: decoded } : {}),
    });
  }
  for (const extra of document.envelopes) {
    const decoded = fromBase64(extra.payload);
    payloads.push({ payloadType: extra.payloadType, ...(decoded ? { payload: decoded } : {}) });
  }
  return payloads;
}

/** The document signs exactly the Statement the response carries (or, without one, a single Statement). */
function payloadCheck(document: AttestationDocument, payload: Uint8Array | undefined): VerificationCheck {
  const payloads = documentPayloads(document);
  if (payloads.length === 0)
    return { name: "attestation.payload", ok: false, detail: "the document holds no signature" };
  const reference = payload ?? payloads[0]?.payload;
  const problems: string[] = [];
  for (const [index, entry] of payloads.entries()) {
    if (entry.payloadType !== IN_TOTO_PAYLOAD_TYPE)
      problems.push(`payload ${index} has type ${entry.payloadType}`);
    else if (!entry.payload || !reference || !bytesEqual(entry.payload, reference)) {
      problems.push(`payload ${index} differs from the response's Statement`);
    }
  }
  if (reference && hashBytes("sha256", reference) !== document.statement_digest) {
    problems.push("statement_digest is not the sha256 of the Statement");
  }
  return {
    name: "attestation.payload",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `${payloads.length} signed payload(s), all the response's Statement (${document.statement_digest})`
        : problems.join("; "),
  };
}

/**
 * Checks an attestation document against the response's Statement: same payload everywhere, the Sigstore
 * bundle verifies with @sigstore/verify, and every extra DSSE envelope signature verifies with the trusted
 * key its keyid names, valid at `signedAt`.
 */
export function attestationChecks(
  document: AttestationDocument,
  payload: Uint8Array | undefined,
  signedAt: Date,
  trust: TrustStore,
): VerificationCheck[] {
  const checks: VerificationCheck[] = [payloadCheck(document, payload)];
  if (document.bundle) {
    const report = verifySigstoreBundle(document.bundle, trust, { signedAt });
    const failed = report.checks.find((check) => !check.ok);
    const isDsse = report.kind === "dsse";
    checks.push({
      name: "attestation.bundle",
      ok: report.valid && isDsse,
      detail:
        failed?.detail ??
        (isDsse ? report.checks.at(-1)?.detail : "the bundle does not hold a DSSE envelope"),
    });
  }
  for (const envelope of document.envelopes) {
    const body = fromBase64(envelope.payload);
    for (const signature of envelope.signatures) {
      const key = trust.byId(signature.keyid);
      const name = `attestation.envelope.${key?.info.algorithm ?? "unknown"}`;
      if (!key || !body) {
        checks.push({
          name,
          ok: false,
          detail: key
            ? "envelope payload is not base64"
            : `no trusted key ${shortId(signature.keyid) || "(no keyid)"}`,
        });
        continue;
      }
      const result = checkSignature(
        { algorithm: key.info.algorithm, keyId: signature.keyid, signatureB64: signature.sig },
        preAuthEncoding(envelope.payloadType, body),
        signedAt,
        trust,
      );
      checks.push({ name, ok: result.ok, detail: result.detail });
    }
  }
  return checks;
}
