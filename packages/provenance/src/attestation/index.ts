// Owned by the attestation work; re-exported from ../index.ts.

// The service and its SLSA rules sit beside attestation/ (src/service.ts, src/slsa-level.ts).
export { createProvenanceService, type ProvenanceServiceOptions } from "../service.ts";
export { computeSlsaLevel, type SlsaLevel } from "../slsa-level.ts";
export {
  type ClassicalAlgorithm,
  fromSpecAlgorithm,
  isClassical,
  type SpecSignatureAlgorithm,
  signingAlgorithms,
  toSpecAlgorithm,
} from "./algorithms.ts";
export {
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  QRG_ATTESTATION_MEDIA_TYPE,
  QRG_BUILD_TYPE,
  SBOM_DEPENDENCY_URI,
  SIGSTORE_BUNDLE_V03_MEDIA_TYPE,
  SLSA_PROVENANCE_PREDICATE_TYPE,
} from "./constants.ts";
export { type DigestSet, digestSetHolds, toDigestSet } from "./digest-set.ts";
export {
  type AttestationDocument,
  AttestationDocumentSchema,
  encodeAttestationDocument,
  parseAttestationDocument,
} from "./document.ts";
export { type DsseEnvelope, fromBase64, preAuthEncoding, statementPae, toBase64 } from "./dsse.ts";
export { signStatementEnvelope } from "./envelope.ts";
export { createLocalKeySigner } from "./local-signer.ts";
export { type RedactedRequest, redactRequest } from "./redact-request.ts";
export { type SignedStatement, type StatementSignature, signStatement } from "./sign-statement.ts";
export { buildStatementBundle, type SerializedBundle } from "./sigstore-bundle.ts";
export {
  buildProvenanceStatement,
  type LexiconDigest,
  type ProvenanceStatement,
  type QrgProvenancePredicate,
  type ResourceDescriptor,
  type StatementParams,
} from "./statement.ts";
export { type ParsedProvenanceStatement, ProvenanceStatementSchema } from "./statement-schema.ts";
