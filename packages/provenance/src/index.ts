export { createSoftwareSigningKey } from "./algorithms/software-signing-key.ts";
export {
  minimisedRequestDigest,
  minimiseRequest,
  ownerDigest,
} from "./attestation/redact-request.ts";
export type { KeyRing } from "./key-ring.ts";
export {
  createFallbackKeyRing,
  type FallbackKeyRingOptions,
  type KeyFallbackEvent,
} from "./keys/fallback-key-ring.ts";
export { createFileKeyRing, type FileKeyRingOptions, KEY_ALGORITHMS } from "./keys/file-key-ring.ts";
export {
  type KeyRingFactory,
  type KeyRingProviders,
  keyReferenceScheme,
  type ResolveKeyRingOptions,
  resolveKeyRing,
} from "./keys/key-reference.ts";
export { type Pkcs11ProviderOptions, pkcs11KeyRingProvider } from "./pkcs11/pkcs11-provider.ts";
export { loadOrCreateSbom } from "./sbom/sbom-file.ts";
export { createProvenanceService, type ProvenanceServiceOptions } from "./service.ts";
export type { KeyCustody, SigningKey } from "./signing-key.ts";
