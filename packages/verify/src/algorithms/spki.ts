import type { KeyAlgorithm } from "@qrg/schema";
import { bytesEqual, derError, encodeTlv, readChildren, readWhole, TAG } from "./der.ts";

/**
 * SubjectPublicKeyInfo for raw public keys and the AlgorithmIdentifiers of our three algorithms (shared with
 * PKCS#8). The encodings are the ones Node 24 exports, byte for byte, so key ids agree across backends.
 */

/** FIPS 204 ML-DSA-87 public key length in bytes. */
export const ML_DSA_87_PUBLIC_KEY_LENGTH = 2592;

const OID = {
  ed25519: Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x70), // 1.3.101.112
  ecPublicKey: Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01), // 1.2.840.10045.2.1
  prime256v1: Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07), // 1.2.840.10045.3.1.7
  mlDsa87: Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13), // 2.16.840.1.101.3.4.3.19
} as const;

const ALGORITHM_IDENTIFIER: Record<KeyAlgorithm, Uint8Array> = {
  ed25519: encodeTlv(TAG.SEQUENCE, OID.ed25519),
  "ecdsa-p256": encodeTlv(TAG.SEQUENCE, OID.ecPublicKey, OID.prime256v1),
  "ml-dsa-87": encodeTlv(TAG.SEQUENCE, OID.mlDsa87),
};

const PUBLIC_KEY_LENGTH: Record<KeyAlgorithm, number> = {
  ed25519: 32,
  "ecdsa-p256": 65, // uncompressed point 04 || X || Y
  "ml-dsa-87": ML_DSA_87_PUBLIC_KEY_LENGTH,
};

/** The DER AlgorithmIdentifier (SEQUENCE) of `algorithm`, as SPKI and PKCS#8 carry it. */
export function algorithmIdentifier(algorithm: KeyAlgorithm): Uint8Array {
  return ALGORITHM_IDENTIFIER[algorithm];
}

/** The algorithm a DER AlgorithmIdentifier names; a "key_error" for anything but our three. */
export function algorithmOfIdentifier(encoded: Uint8Array): KeyAlgorithm {
  for (const [algorithm, known] of Object.entries(ALGORITHM_IDENTIFIER)) {
    if (bytesEqual(known, encoded)) return algorithm as KeyAlgorithm;
  }
  throw derError("unsupported key algorithm (expected Ed25519, ECDSA P-256 or ML-DSA-87)");
}

export function encodeSpki(algorithm: KeyAlgorithm, publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== PUBLIC_KEY_LENGTH[algorithm]) {
    throw derError(`${algorithm} public key must be ${PUBLIC_KEY_LENGTH[algorithm]} bytes`);
  }
  return encodeTlv(
    TAG.SEQUENCE,
    ALGORITHM_IDENTIFIER[algorithm],
    encodeTlv(TAG.BIT_STRING, Uint8Array.of(0), publicKey),
  );
}

/** The algorithm and raw public key of a DER SPKI; a "key_error" when it is not one of ours, exactly. */
export function decodeSpki(spki: Uint8Array): { algorithm: KeyAlgorithm; publicKey: Uint8Array } {
  const content = readWhole(spki, TAG.SEQUENCE);
  const [identifier, bitString, ...rest] = readChildren(content);
  if (identifier?.tag !== TAG.SEQUENCE || bitString?.tag !== TAG.BIT_STRING || rest.length > 0) {
    throw derError("not a SubjectPublicKeyInfo");
  }
  const algorithm = algorithmOfIdentifier(content.subarray(identifier.start, identifier.end));
  if (bitString.content[0] !== 0) throw derError("public key BIT STRING has unused bits");
  const publicKey = bitString.content.subarray(1);
  if (publicKey.length !== PUBLIC_KEY_LENGTH[algorithm]) {
    throw derError(`${algorithm} public key must be ${PUBLIC_KEY_LENGTH[algorithm]} bytes`);
  }
  return { algorithm, publicKey };
}
