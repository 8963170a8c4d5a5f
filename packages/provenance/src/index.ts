export * from "./algorithms/index.ts";
export * from "./attestation/index.ts";
export * from "./encryption/index.ts";
export type { KeyRing } from "./key-ring.ts";
export * from "./keys/index.ts";
export * from "./pkcs11/index.ts";
export * from "./sbom/index.ts";
export type { KeyAlgorithm, KeyCustody, SigningKey } from "./signing-key.ts";
export * from "./verify/index.ts";
