// Owned by the verify work; re-exported from ../index.ts.

export { type ArtifactVerificationReport, type VerifyArtifactInput, verifyArtifact } from "./artifact.ts";
export {
  type AttestationVerificationReport,
  type VerifyAttestationInput,
  verifyAttestationDocument,
} from "./attestation.ts";
export { checkSignature, type SignatureCheckResult, type SignatureToCheck } from "./check-signature.ts";
export { policyCoverage, policyRequires, VERIFICATION_POLICIES, type VerificationPolicy } from "./policy.ts";
export { verifyRawSignature } from "./raw-signature.ts";
export { type SbomVerificationReport, verifySbom } from "./sbom.ts";
export {
  type BundleVerificationOptions,
  type BundleVerificationReport,
  verifySigstoreBundle,
} from "./sigstore-bundle.ts";
export {
  createTrustStore,
  KEY_ACTIVATION_GRACE_MS,
  keyUnusableAt,
  parseTrustedKeys,
  type ResolvedKey,
  type TrustedKey,
  type TrustStore,
} from "./trust.ts";
