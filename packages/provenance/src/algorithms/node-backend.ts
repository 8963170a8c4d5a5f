import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import type { KeyAlgorithm } from "@qrg/schema";
import { derError } from "./der.ts";
import type { KeyPairDer } from "./key-pair.ts";
import { createPublicKeyCache } from "./public-key-cache.ts";

/** node:crypto (OpenSSL) implementation: Ed25519 (pure), ECDSA P-256 over SHA-256 (DER), ML-DSA-87 (pure). */

function generate(algorithm: KeyAlgorithm): { publicKey: KeyObject; privateKey: KeyObject } {
  switch (algorithm) {
    case "ed25519":
      return generateKeyPairSync("ed25519");
    case "ecdsa-p256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" });
    case "ml-dsa-87":
      return generateKeyPairSync("ml-dsa-87");
  }
}

export function nodeGenerateKeyPair(algorithm: KeyAlgorithm): KeyPairDer {
  const { publicKey, privateKey } = generate(algorithm);
  return {
    publicKeySpki: toBytes(publicKey.export({ type: "spki", format: "der" })),
    privateKeyPkcs8: toBytes(privateKey.export({ type: "pkcs8", format: "der" })),
  };
}

function assertKind(key: KeyObject, algorithm: KeyAlgorithm): void {
  const matches =
    algorithm === "ecdsa-p256"
      ? key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1"
      : key.asymmetricKeyType === algorithm;
  if (!matches) throw derError(`key is ${key.asymmetricKeyType ?? "unknown"}, expected ${algorithm}`);
}

export function nodePrivateKey(algorithm: KeyAlgorithm, pkcs8: Uint8Array): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
  assertKind(key, algorithm);
  return key;
}

export function nodePublicKey(algorithm: KeyAlgorithm, spki: Uint8Array): KeyObject {
  const key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  assertKind(key, algorithm);
  return key;
}

export function nodeSpkiOf(privateKey: KeyObject): Uint8Array {
  return toBytes(createPublicKey(privateKey).export({ type: "spki", format: "der" }));
}

/** ECDSA hashes with SHA-256 and DER-encodes (r, s), as DSSE/Sigstore/cosign expect; EdDSA and ML-DSA are pure. */
function digestFor(algorithm: KeyAlgorithm): string | null {
  return algorithm === "ecdsa-p256" ? "sha256" : null;
}

export function nodeSign(algorithm: KeyAlgorithm, privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return toBytes(sign(digestFor(algorithm), message, privateKey));
}

const publicKeys = createPublicKeyCache();

/** Never throws: a malformed key or signature is simply not a valid signature. */
export function nodeVerify(
  algorithm: KeyAlgorithm,
  publicKey: KeyObject | Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const key =
      publicKey instanceof Uint8Array
        ? publicKeys.get(algorithm, publicKey, () => nodePublicKey(algorithm, publicKey))
        : publicKey;
    return verify(digestFor(algorithm), message, key, signature);
  } catch {
    return false;
  }
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
