import type { KeyAlgorithm, SignatureAlgorithm } from "@qrg/schema";

/** Classical (pre-quantum) algorithms that can ride in a Sigstore bundle. */
export type ClassicalAlgorithm = "ed25519" | "ecdsa-p256";

/** The spec's names for provenance.signature.algorithm. */
export type SpecSignatureAlgorithm = "ed25519" | "dilithium5" | "ecdsa-p256";

export function isClassical(algorithm: KeyAlgorithm): algorithm is ClassicalAlgorithm {
  return algorithm === "ed25519" || algorithm === "ecdsa-p256";
}

/**
 * The keys a signature option needs, classical first (the first classical signature is the primary one).
 * `hybrid` is the classical algorithm plus ML-DSA-87; both must verify.
 */
export function signingAlgorithms(
  choice: SignatureAlgorithm,
  classicalForHybrid: ClassicalAlgorithm,
): KeyAlgorithm[] {
  return choice === "hybrid" ? [classicalForHybrid, "ml-dsa-87"] : [choice];
}

/** Our algorithm name → the spec's (`dilithium5` is signed as FIPS 204 ML-DSA-87). */
export function toSpecAlgorithm(algorithm: KeyAlgorithm): SpecSignatureAlgorithm {
  return algorithm === "ml-dsa-87" ? "dilithium5" : algorithm;
}

/** The spec's name → ours. */
export function fromSpecAlgorithm(algorithm: SpecSignatureAlgorithm): KeyAlgorithm {
  return algorithm === "dilithium5" ? "ml-dsa-87" : algorithm;
}
