import type { VerificationCheck } from "@qrg/core";
import type { QRGResponse } from "@qrg/schema";
import { digestSetHolds } from "./statement/digest-set.ts";
import { type ParsedProvenanceStatement, ProvenanceStatementSchema } from "./statement/statement-schema.ts";

/** Clock skew tolerated between the signer and the verifier. */
const FUTURE_SKEW_MS = 5 * 60_000;

export function decodeStatement(
  payload: Uint8Array | undefined,
  source: string,
): {
  check: VerificationCheck;
  statement?: ParsedProvenanceStatement;
} {
  if (!payload) return { check: { name: "statement.decode", ok: false, detail: source } };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    return { check: { name: "statement.decode", ok: false, detail: `${source} is not JSON` } };
  }
  const parsed = ProvenanceStatementSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      check: {
        name: "statement.decode",
        ok: false,
        detail: `${source} is not an in-toto Statement v1 with SLSA provenance v1 (${issue?.path.join(".")}: ${issue?.message})`,
      },
    };
  }
  return {
    check: {
      name: "statement.decode",
      ok: true,
      detail: `in-toto Statement v1, SLSA provenance v1 (${source}, ${payload.byteLength} bytes)`,
    },
    statement: parsed.data,
  };
}

/** The Statement's subject is the response's artifact hash. */
export function subjectCheck(statement: ParsedProvenanceStatement, response: QRGResponse): VerificationCheck {
  const ok = statement.subject.some((subject) => digestSetHolds(subject.digest, response.artifact.hash));
  return {
    name: "statement.subject",
    ok,
    detail: ok
      ? `subject digest equals artifact.hash ${response.artifact.hash}`
      : `no subject digest equals artifact.hash ${response.artifact.hash}`,
  };
}

/** The Statement describes this response: same builder, invocation and time, not signed in the future. */
export function responseCheck(
  statement: ParsedProvenanceStatement,
  response: QRGResponse,
  now: Date,
): VerificationCheck {
  const problems: string[] = [];
  const { builder, metadata } = statement.predicate.runDetails;
  if (builder.id !== response.provenance.builder_id) {
    problems.push(`builder ${builder.id} is not provenance.builder_id ${response.provenance.builder_id}`);
  }
  if (metadata?.invocationId !== undefined && metadata.invocationId !== response.qrg_id) {
    problems.push(`invocationId ${metadata.invocationId} is not qrg_id ${response.qrg_id}`);
  }
  const finishedOn = metadata?.finishedOn ? new Date(metadata.finishedOn) : undefined;
  const buildTime = new Date(response.provenance.build_time);
  if (finishedOn && finishedOn.getTime() !== buildTime.getTime()) {
    problems.push(`finishedOn ${metadata?.finishedOn} is not build_time ${response.provenance.build_time}`);
  }
  const signedAt = finishedOn ?? buildTime;
  if (signedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
    problems.push(`signed at ${signedAt.toISOString()}, after the verification time ${now.toISOString()}`);
  }
  return {
    name: "statement.response",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `builder ${builder.id}, invocation ${response.qrg_id}, finished ${signedAt.toISOString()}`
        : problems.join("; "),
  };
}

/** When the artifact was signed: the Statement's finishedOn, else the response's build_time. */
export function signingTime(statement: ParsedProvenanceStatement | undefined, response: QRGResponse): Date {
  const finishedOn = statement?.predicate.runDetails.metadata?.finishedOn;
  return new Date(finishedOn ?? response.provenance.build_time);
}
