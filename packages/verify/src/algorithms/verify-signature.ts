import type { KeyAlgorithm } from "@qrg/schema";
import { type BackendOptions, resolveBackend } from "./backend.ts";
import { nobleVerify } from "./noble-verify.ts";
import { nodeVerify } from "./node-verify.ts";

/**
 * Algorithm-agile verification. Algorithms: "ed25519" (RFC 8032 pure), "ecdsa-p256" (SHA-256, DER
 * signature) and "ml-dsa-87" (FIPS 204, pure, empty context).
 *
 * The spec's `dilithium5` value of provenance.signature.algorithm names our FIPS 204 ML-DSA-87 signature
 * (OID 2.16.840.1.101.3.4.3.19). It is NOT the round-3 CRYSTALS-Dilithium5 submission: FIPS 204 changed
 * how keys and signatures are derived (hashing of tr/mu, hint encoding, domain separation), so round-3
 * Dilithium5 signatures do not verify as ML-DSA-87 and vice versa. Verifiers need an ML-DSA-87 implementation:
 * node:crypto's where it has one (Node 24+), else @noble's.
 */

/**
 * Whether `signature` is a valid `algorithm` signature of `message` under the DER SubjectPublicKeyInfo.
 * Never throws on a malformed signature or key (returns false), nor when the key is of another algorithm.
 */
export function verifySignature(
  algorithm: KeyAlgorithm,
  publicKeySpki: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  options: BackendOptions = {},
): boolean {
  return resolveBackend(algorithm, options.backend) === "node"
    ? nodeVerify(algorithm, publicKeySpki, message, signature)
    : nobleVerify(algorithm, publicKeySpki, message, signature);
}
