export { createPkcs11KeyRing, type Pkcs11KeyRing, type Pkcs11KeyRingOptions } from "./pkcs11-key-ring.ts";
export { type Pkcs11ProviderOptions, pkcs11KeyRingProvider } from "./pkcs11-provider.ts";
export { type Pkcs11Uri, parsePkcs11Uri, redactPkcs11Uri } from "./pkcs11-uri.ts";
