import type { VerificationCheck } from "@qrg/core";
import type { KeyList } from "@qrg/schema";
import { attestationChecks, documentPayloads } from "./attestation-checks.ts";
import { createTrustStore, type TrustedKey, type TrustStore } from "./signatures/trust.ts";
import { parseAttestationDocument } from "./statement/document.ts";
import { decodeStatement } from "./statement-checks.ts";
import { subjectMatches } from "./subject-match.ts";

export interface VerifyAttestationInput {
  /** The attestation document: bytes, text or parsed JSON. */
  attestation: Uint8Array | string | object;
  /** The artifact the Statement's subject must describe, when given. */
  artifact?: Uint8Array;
  trust: readonly TrustedKey[] | KeyList | TrustStore;
}

export interface AttestationVerificationReport {
  valid: boolean;
  /** The Statement's subject names. */
  subjects: string[];
  builder_id?: string;
  signed_at?: string;
  checks: VerificationCheck[];
  warnings: string[];
}

/**
 * Verifies an attestation document on its own (no response): its Statement decodes, every signature in
 * it (Sigstore bundle, DSSE envelopes) verifies with a trusted key valid at the Statement's finishedOn, and
 * the subject is `artifact` when one is given.
 */
export function verifyAttestationDocument(input: VerifyAttestationInput): AttestationVerificationReport {
  const trust =
    typeof (input.trust as TrustStore).byId === "function"
      ? (input.trust as TrustStore)
      : createTrustStore(input.trust as TrustedKey[]);
  const warnings = trust.refused.map((reason) => `trusted key refused: ${reason}`);
  let document: ReturnType<typeof parseAttestationDocument>;
  try {
    document = parseAttestationDocument(input.attestation);
  } catch (error) {
    const checks = [{ name: "attestation.document", ok: false, detail: (error as Error).message }];
    return { valid: false, subjects: [], checks, warnings };
  }
  const payload = documentPayloads(document)[0]?.payload;
  const decoded = decodeStatement(payload, "attestation document payload");
  const checks: VerificationCheck[] = [decoded.check];
  const finishedOn = decoded.statement?.predicate.runDetails.metadata?.finishedOn;
  const signedAt = finishedOn ? new Date(finishedOn) : new Date();
  if (!finishedOn)
    warnings.push("the Statement has no finishedOn: keys were checked against the current time");
  checks.push(...attestationChecks(document, payload, signedAt, trust));
  if (input.artifact && payload) {
    const match = subjectMatches(payload, input.artifact);
    checks.push({ name: "statement.subject", ok: match.ok, detail: match.detail });
  } else if (!input.artifact) {
    warnings.push("artifact not supplied: the Statement's subject was not compared with it");
  }
  return {
    valid: checks.every((check) => check.ok),
    subjects: decoded.statement?.subject.map((subject) => subject.name ?? "") ?? [],
    ...(decoded.statement ? { builder_id: decoded.statement.predicate.runDetails.builder.id } : {}),
    ...(finishedOn ? { signed_at: finishedOn } : {}),
    checks,
    warnings,
  };
}
