/** A freshly generated key pair in the standard DER encodings. */
export interface KeyPairDer {
  /** DER SubjectPublicKeyInfo (RFC 5280). */
  publicKeySpki: Uint8Array;
  /** DER PKCS#8 PrivateKeyInfo (RFC 5208/5958); for ML-DSA-87 the RFC 9881 `both` form (seed + expanded). */
  privateKeyPkcs8: Uint8Array;
}
