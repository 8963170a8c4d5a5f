/** in-toto Statement v1 `_type`. */
export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
/** SLSA Provenance v1 predicate type. */
export const SLSA_PROVENANCE_PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
/** Our SLSA buildType: one request-time generation by the QRG service. */
export const QRG_BUILD_TYPE = "https://qrg.dev/build-types/generate/v1";
/** DSSE payloadType for in-toto Statements. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
/** The attestation document served at provenance.attestation_ref. */
export const QRG_ATTESTATION_MEDIA_TYPE = "application/vnd.qrg.attestation.v1+json";
/** Sigstore bundle v0.3, the only bundle version we emit. */
export const SIGSTORE_BUNDLE_V03_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
/** resolvedDependencies URI of the service SBOM. */
export const SBOM_DEPENDENCY_URI = "urn:qrg:sbom";
/** resolvedDependencies URI prefix of the gate policy (`urn:qrg:policy:<version>`). */
export const POLICY_DEPENDENCY_URI_PREFIX = "urn:qrg:policy:";
/** resolvedDependencies URI prefix of a lexicon (`urn:qrg:lexicon:<name>`). */
export const LEXICON_DEPENDENCY_URI_PREFIX = "urn:qrg:lexicon:";
/** Resolved dependency URI prefix of a gate model (e.g. the harmful-intent classifier), by id@version. */
export const GATE_MODEL_DEPENDENCY_URI_PREFIX = "urn:qrg:model:";
