import { canonicalJsonBytes, type ParsedHash } from "@qrg/core";
import type { ArtifactType, QRGRequest, RequestOptions } from "@qrg/schema";
import { MOCK_BUILDER_ID } from "./render.ts";

export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
/** Marks the predicate as the mock's own, unambiguously not SLSA provenance. */
export const MOCK_PREDICATE_TYPE = "https://qrg.invalid/mock-provenance/v0";

export interface MockStatementInput {
  qrgId: string;
  hash: ParsedHash;
  artifact: { type: ArtifactType; content_type: string; size_bytes: number };
  request: QRGRequest;
  options: RequestOptions;
  seedDigest: string;
  buildTime: string;
}

/** in-toto digest-set names: `sha3-256` is spelled `sha3_256` there. */
function inTotoAlgorithm(algorithm: string): string {
  return algorithm.replace("-", "_");
}

/** The small in-toto Statement the mock signs: subject = the artifact, predicate = the mock build. */
export function buildStatement(input: MockStatementInput): Uint8Array {
  return canonicalJsonBytes({
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: input.qrgId, digest: { [inTotoAlgorithm(input.hash.algorithm)]: input.hash.hex } }],
    predicateType: MOCK_PREDICATE_TYPE,
    predicate: {
      builder: { id: MOCK_BUILDER_ID },
      mock: true,
      build_time: input.buildTime,
      artifact: input.artifact,
      // The raw seed stays out of the signed statement: only its digest.
      request: { user_id: input.request.user_id, seed_digest: input.seedDigest, options: input.options },
    },
  });
}

export interface ParsedStatement {
  subjectName: string | undefined;
  subjectDigest: Record<string, string>;
  builderId: string | undefined;
}

/** Reads back the fields validation checks; undefined when the bytes are not such a statement. */
export function parseStatement(bytes: Uint8Array): ParsedStatement | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as {
      _type?: unknown;
      subject?: Array<{ name?: unknown; digest?: Record<string, string> }>;
      predicate?: { builder?: { id?: unknown } };
    };
    if (value._type !== IN_TOTO_STATEMENT_TYPE) return undefined;
    const subject = value.subject?.[0];
    return {
      subjectName: typeof subject?.name === "string" ? subject.name : undefined,
      subjectDigest: subject?.digest ?? {},
      builderId: typeof value.predicate?.builder?.id === "string" ? value.predicate.builder.id : undefined,
    };
  } catch {
    return undefined;
  }
}

export function expectedSubjectDigest(hash: ParsedHash): Record<string, string> {
  return { [inTotoAlgorithm(hash.algorithm)]: hash.hex };
}
