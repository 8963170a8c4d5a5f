import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { KeyAlgorithm } from "@qrg/schema";
import { assertKeyKind } from "@qrg/verify";
import type { KeyPairDer } from "./key-pair.ts";

/** node:crypto (OpenSSL) signing: Ed25519 (pure), ECDSA P-256 over SHA-256 (DER), ML-DSA-87 (pure). */

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

export function nodePrivateKey(algorithm: KeyAlgorithm, pkcs8: Uint8Array): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
  assertKeyKind(key, algorithm);
  return key;
}

export function nodeSpkiOf(privateKey: KeyObject): Uint8Array {
  return toBytes(createPublicKey(privateKey).export({ type: "spki", format: "der" }));
}

/** ECDSA hashes with SHA-256 and DER-encodes (r, s), as DSSE/Sigstore/cosign expect; EdDSA and ML-DSA are pure. */
export function nodeSign(algorithm: KeyAlgorithm, privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return toBytes(sign(algorithm === "ecdsa-p256" ? "sha256" : null, message, privateKey));
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
