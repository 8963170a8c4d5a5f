/**
 * PKCS#11 3.0 identifiers pkcs11js 2.x does not export (its constants stop at 2.40).
 * Values from the OASIS PKCS#11 3.0 pkcs11t.h.
 */
export const CKK_EC_EDWARDS = 0x40;
export const CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
export const CKM_EDDSA = 0x1057;

/** DER OBJECT IDENTIFIER 1.3.101.112 (id-Ed25519, RFC 8410): CKA_EC_PARAMS of an Ed25519 key. */
export const ED25519_EC_PARAMS = Buffer.from("06032b6570", "hex");
/** DER PrintableString "edwards25519": the older CKA_EC_PARAMS form some tokens use for Ed25519. */
export const EDWARDS25519_NAME_PARAMS = Buffer.from("130c656477617264733235353139", "hex");
/** DER OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (prime256v1 / P-256): CKA_EC_PARAMS of a P-256 key. */
export const P256_EC_PARAMS = Buffer.from("06082a8648ce3d030107", "hex");
