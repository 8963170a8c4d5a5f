import type { KeyAlgorithm } from "@qrg/schema";
import { bytesEqual, derError, encodeTlv, readChildren, readWhole, TAG } from "./der.ts";
import {
  decodeMlDsaPrivateKey,
  encodeMlDsaPrivateKey,
  ML_DSA_87_PUBLIC_KEY_LENGTH,
  type MlDsaPrivateKeyBody,
} from "./ml-dsa-private-key.ts";

/**
 * SubjectPublicKeyInfo and PKCS#8 for raw keys, used by the @noble backend (node:crypto does its own).
 * The encodings are the ones Node 24 exports, byte for byte, so key ids agree across backends.
 */

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

export type RawPrivateKey =
  | { algorithm: "ed25519"; seed: Uint8Array }
  | { algorithm: "ecdsa-p256"; scalar: Uint8Array }
  | ({ algorithm: "ml-dsa-87" } & MlDsaPrivateKeyBody);

const VERSION_0 = encodeTlv(TAG.INTEGER, Uint8Array.of(0));
const EC_PRIVATE_KEY_VERSION_1 = encodeTlv(TAG.INTEGER, Uint8Array.of(1));

function algorithmOf(algorithmIdentifier: Uint8Array): KeyAlgorithm {
  for (const [algorithm, encoded] of Object.entries(ALGORITHM_IDENTIFIER)) {
    if (bytesEqual(encoded, algorithmIdentifier)) return algorithm as KeyAlgorithm;
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

export function decodeSpki(spki: Uint8Array): { algorithm: KeyAlgorithm; publicKey: Uint8Array } {
  const content = readWhole(spki, TAG.SEQUENCE);
  const [algorithmIdentifier, bitString, ...rest] = readChildren(content);
  if (algorithmIdentifier?.tag !== TAG.SEQUENCE || bitString?.tag !== TAG.BIT_STRING || rest.length > 0) {
    throw derError("not a SubjectPublicKeyInfo");
  }
  const algorithm = algorithmOf(content.subarray(algorithmIdentifier.start, algorithmIdentifier.end));
  if (bitString.content[0] !== 0) throw derError("public key BIT STRING has unused bits");
  const publicKey = bitString.content.subarray(1);
  if (publicKey.length !== PUBLIC_KEY_LENGTH[algorithm]) {
    throw derError(`${algorithm} public key must be ${PUBLIC_KEY_LENGTH[algorithm]} bytes`);
  }
  return { algorithm, publicKey };
}

/**
 * PKCS#8 v1 as Node exports it. `publicKey` is only used for P-256, whose RFC 5915 ECPrivateKey carries the
 * point. ML-DSA-87 is written in the seed-only form when the seed is known (RFC 9881's recommended form, and
 * what Node 24.22 exports), else as the bare expanded key; all three forms are read.
 */
export function encodePkcs8(key: RawPrivateKey, publicKey?: Uint8Array): Uint8Array {
  let body: Uint8Array;
  switch (key.algorithm) {
    case "ed25519":
      body = encodeTlv(TAG.OCTET_STRING, key.seed);
      break;
    case "ecdsa-p256": {
      if (!publicKey) throw derError("P-256 PKCS#8 needs the public point");
      body = encodeTlv(
        TAG.SEQUENCE,
        EC_PRIVATE_KEY_VERSION_1,
        encodeTlv(TAG.OCTET_STRING, key.scalar),
        encodeTlv(0xa1, encodeTlv(TAG.BIT_STRING, Uint8Array.of(0), publicKey)),
      );
      break;
    }
    case "ml-dsa-87":
      body = encodeMlDsaPrivateKey(key);
      break;
  }
  return encodeTlv(
    TAG.SEQUENCE,
    VERSION_0,
    ALGORITHM_IDENTIFIER[key.algorithm],
    encodeTlv(TAG.OCTET_STRING, body),
  );
}

/** Accepts PKCS#8 v1 and v2 (OneAsymmetricKey; attributes and the optional public key are ignored). */
export function decodePkcs8(pkcs8: Uint8Array): RawPrivateKey {
  const content = readWhole(pkcs8, TAG.SEQUENCE);
  const [version, algorithmIdentifier, privateKey] = readChildren(content);
  if (
    version?.tag !== TAG.INTEGER ||
    version.content.length !== 1 ||
    version.content[0]! > 1 ||
    algorithmIdentifier?.tag !== TAG.SEQUENCE ||
    privateKey?.tag !== TAG.OCTET_STRING
  ) {
    throw derError("not a PKCS#8 PrivateKeyInfo");
  }
  const algorithm = algorithmOf(content.subarray(algorithmIdentifier.start, algorithmIdentifier.end));
  switch (algorithm) {
    case "ed25519": {
      const seed = readWhole(privateKey.content, TAG.OCTET_STRING);
      if (seed.length !== 32) throw derError("Ed25519 private key must be 32 bytes");
      return { algorithm, seed };
    }
    case "ecdsa-p256":
      return { algorithm, scalar: decodeEcPrivateKey(privateKey.content) };
    case "ml-dsa-87":
      return { algorithm, ...decodeMlDsaPrivateKey(privateKey.content) };
  }
}

/** RFC 5915 ECPrivateKey → the 32-byte scalar (left-padded: some encoders strip leading zeros). */
function decodeEcPrivateKey(body: Uint8Array): Uint8Array {
  const [version, scalar] = readChildren(readWhole(body, TAG.SEQUENCE));
  if (version?.tag !== TAG.INTEGER || version.content[0] !== 1 || scalar?.tag !== TAG.OCTET_STRING) {
    throw derError("not an RFC 5915 ECPrivateKey");
  }
  if (scalar.content.length > 32 || scalar.content.length === 0) {
    throw derError("P-256 private scalar too long");
  }
  const padded = new Uint8Array(32);
  padded.set(scalar.content, 32 - scalar.content.length);
  return padded;
}
