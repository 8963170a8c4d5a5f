import type { KeyAlgorithm } from "@qrg/schema";

/**
 * The QRG spec names `provenance.signature.algorithm` values "ed25519" | "dilithium5" | "ecdsa-p256".
 *
 * "dilithium5" names our FIPS 204 ML-DSA-87 signature (OID 2.16.840.1.101.3.4.3.19, pure mode, empty
 * context). It is NOT the round-3 CRYSTALS-Dilithium5 submission: FIPS 204 changed the key and signature
 * derivation (e.g. tr/mu hashing, the hint encoding, domain separation), so round-3 Dilithium5 signatures
 * do not verify as ML-DSA-87 and vice versa. Verifiers must use an ML-DSA-87 implementation.
 */
export type SpecSignatureAlgorithm = "ed25519" | "dilithium5" | "ecdsa-p256";

const TO_SPEC: Record<KeyAlgorithm, SpecSignatureAlgorithm> = {
  ed25519: "ed25519",
  "ecdsa-p256": "ecdsa-p256",
  "ml-dsa-87": "dilithium5",
};

/** Our algorithm name → the spec's (`ml-dsa-87` → `dilithium5`). */
export function toSpecSignatureAlgorithm(algorithm: KeyAlgorithm): SpecSignatureAlgorithm {
  return TO_SPEC[algorithm];
}

/** The spec's algorithm name → ours (`dilithium5` → `ml-dsa-87`). */
export function fromSpecSignatureAlgorithm(algorithm: SpecSignatureAlgorithm): KeyAlgorithm {
  return algorithm === "dilithium5" ? "ml-dsa-87" : algorithm;
}
