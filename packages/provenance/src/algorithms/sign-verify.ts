import type { KeyAlgorithm } from "@qrg/schema";
import { type BackendOptions, resolveBackend } from "./backend.ts";
import type { KeyPairDer } from "./key-pair.ts";
import { nobleGenerateKeyPair, nobleVerify } from "./noble-backend.ts";
import { nodeGenerateKeyPair, nodeVerify } from "./node-backend.ts";
import { loadPrivateKey } from "./private-key.ts";

/**
 * The algorithm-agile one-shot API. Algorithms: "ed25519" (RFC 8032 pure), "ecdsa-p256" (SHA-256, DER
 * signature) and "ml-dsa-87" (FIPS 204, pure, empty context).
 *
 * The spec's `dilithium5` value of provenance.signature.algorithm names our FIPS 204 ML-DSA-87 signature
 * (OID 2.16.840.1.101.3.4.3.19). It is NOT the round-3 CRYSTALS-Dilithium5 submission: FIPS 204 changed
 * how keys and signatures are derived (hashing of tr/mu, hint encoding, domain separation), so round-3
 * Dilithium5 signatures do not verify as ML-DSA-87 and vice versa. Verifiers need an ML-DSA-87 implementation.
 */

export function generateKeyPair(algorithm: KeyAlgorithm, options: BackendOptions = {}): KeyPairDer {
  return resolveBackend(algorithm, options.backend) === "node"
    ? nodeGenerateKeyPair(algorithm)
    : nobleGenerateKeyPair(algorithm);
}

/**
 * Signs `message` with a DER PKCS#8 key. Parses the key on every call: for repeated signing use
 * createSoftwareSigningKey, which keeps the parsed key. Throws QRGError "key_error" on a bad key.
 */
export function signMessage(
  algorithm: KeyAlgorithm,
  privateKeyPkcs8: Uint8Array,
  message: Uint8Array,
  options: BackendOptions = {},
): Uint8Array {
  return loadPrivateKey(algorithm, privateKeyPkcs8, options.backend).signSync(message);
}

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
