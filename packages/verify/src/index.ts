// Error classes and the check type the verifier CLI reports with, so it needs no second QRG dependency.
export {
  isQRGError,
  QRGNotFoundError,
  QRGUnavailableError,
  QRGValidationError,
  type VerificationCheck,
} from "@qrg/core";
export {
  type BackendOptions,
  CRYPTO_BACKENDS,
  type CryptoBackend,
  nodeSupports,
  resolveBackend,
} from "./algorithms/backend.ts";
// The DER reader/writer and key encodings below are shared with @qrg/provenance's PKCS#8 and signing code.
export {
  bytesEqual,
  derError,
  encodeTlv,
  readChildren,
  readTlv,
  readWhole,
  TAG,
} from "./algorithms/der.ts";
export { keyIdOf } from "./algorithms/key-id.ts";
export { assertKeyKind } from "./algorithms/node-verify.ts";
export { pemToSpki, spkiToPem } from "./algorithms/pem.ts";
export {
  type ClassicalAlgorithm,
  isClassical,
  type SpecSignatureAlgorithm,
  signingAlgorithms,
  toSpecAlgorithm,
} from "./algorithms/spec-algorithms.ts";
export {
  algorithmIdentifier,
  algorithmOfIdentifier,
  decodeSpki,
  encodeSpki,
  ML_DSA_87_PUBLIC_KEY_LENGTH,
} from "./algorithms/spki.ts";
export { verifySignature } from "./algorithms/verify-signature.ts";
export { type ArtifactVerificationReport, type VerifyArtifactInput, verifyArtifact } from "./artifact.ts";
export {
  type AttestationVerificationReport,
  type VerifyAttestationInput,
  verifyAttestationDocument,
} from "./attestation.ts";
export {
  CERTIFICATE_TYPE,
  type CertificateSignature,
  type QuorumCertificate,
  QuorumCertificateSchema,
} from "./consensus/certificate.ts";
export {
  type CertificateCheck,
  type CertificateVerification,
  type NodeKey,
  twoThirdsQuorum,
  type VerifyCertificateOptions,
  verifyCertificate,
} from "./consensus/verify-certificate.ts";
export {
  encodeVotePayload,
  type GateVerdict,
  GateVerdictSchema,
  type VotePayload,
  VotePayloadSchema,
  votePayloadDigest,
} from "./consensus/vote-payload.ts";
export {
  VOTE_ALGORITHMS,
  type VoteAlgorithm,
  verifyVoteSignature,
  voteDigestFor,
} from "./consensus/vote-signature.ts";
export { type DsseEnvelope, fromBase64, preAuthEncoding, statementPae, toBase64 } from "./dsse/pae.ts";
export { type SbomValidationResult, validateSbom } from "./sbom/validate-sbom.ts";
export { type SbomVerificationReport, verifySbom } from "./sbom.ts";
export { VERIFICATION_POLICIES, type VerificationPolicy } from "./signatures/policy.ts";
export {
  createTrustStore,
  parseTrustedKeys,
  type TrustedKey,
  type TrustStore,
} from "./signatures/trust.ts";
export {
  type BundleVerificationOptions,
  type BundleVerificationReport,
  verifySigstoreBundle,
} from "./sigstore-bundle.ts";
export {
  GATE_MODEL_DEPENDENCY_URI_PREFIX,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  LEXICON_DEPENDENCY_URI_PREFIX,
  POLICY_DEPENDENCY_URI_PREFIX,
  QRG_ATTESTATION_MEDIA_TYPE,
  QRG_BUILD_TYPE,
  SBOM_DEPENDENCY_URI,
  SLSA_PROVENANCE_PREDICATE_TYPE,
} from "./statement/constants.ts";
export { type DigestSet, toDigestSet } from "./statement/digest-set.ts";
export {
  type AttestationDocument,
  encodeAttestationDocument,
  parseAttestationDocument,
} from "./statement/document.ts";
export { ProvenanceStatementSchema } from "./statement/statement-schema.ts";
