import {
  algorithmIdentifier,
  algorithmOfIdentifier,
  derError,
  encodeTlv,
  readChildren,
  readWhole,
  TAG,
} from "@qrg/verify";
import {
  decodeMlDsaPrivateKey,
  encodeMlDsaPrivateKey,
  type MlDsaPrivateKeyBody,
} from "./ml-dsa-private-key.ts";

/**
 * PKCS#8 for raw private keys, used by the @noble backend (node:crypto does its own). The encodings are the
 * ones Node 24 exports, byte for byte. SubjectPublicKeyInfo lives in @qrg/verify, which verifies with it.
 */

export type RawPrivateKey =
  | { algorithm: "ed25519"; seed: Uint8Array }
  | { algorithm: "ecdsa-p256"; scalar: Uint8Array }
  | ({ algorithm: "ml-dsa-87" } & MlDsaPrivateKeyBody);

const VERSION_0 = encodeTlv(TAG.INTEGER, Uint8Array.of(0));
const EC_PRIVATE_KEY_VERSION_1 = encodeTlv(TAG.INTEGER, Uint8Array.of(1));

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
    algorithmIdentifier(key.algorithm),
    encodeTlv(TAG.OCTET_STRING, body),
  );
}

/** Accepts PKCS#8 v1 and v2 (OneAsymmetricKey; attributes and the optional public key are ignored). */
export function decodePkcs8(pkcs8: Uint8Array): RawPrivateKey {
  const content = readWhole(pkcs8, TAG.SEQUENCE);
  const [version, identifier, privateKey] = readChildren(content);
  if (
    version?.tag !== TAG.INTEGER ||
    version.content.length !== 1 ||
    version.content[0]! > 1 ||
    identifier?.tag !== TAG.SEQUENCE ||
    privateKey?.tag !== TAG.OCTET_STRING
  ) {
    throw derError("not a PKCS#8 PrivateKeyInfo");
  }
  const algorithm = algorithmOfIdentifier(content.subarray(identifier.start, identifier.end));
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
