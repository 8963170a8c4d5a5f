import { createPublicKey, type KeyObject, verify } from "node:crypto";
import type { KeyAlgorithm } from "@qrg/schema";
import { derError } from "./der.ts";
import { createPublicKeyCache } from "./public-key-cache.ts";

/** node:crypto (OpenSSL) verification: Ed25519 (pure), ECDSA P-256 over SHA-256 (DER), ML-DSA-87 (pure). */

/** Throws a "key_error" unless `key` (public or private) is an `algorithm` key. */
export function assertKeyKind(key: KeyObject, algorithm: KeyAlgorithm): void {
  const matches =
    algorithm === "ecdsa-p256"
      ? key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1"
      : key.asymmetricKeyType === algorithm;
  if (!matches) throw derError(`key is ${key.asymmetricKeyType ?? "unknown"}, expected ${algorithm}`);
}

/** A DER SPKI as a node:crypto key of `algorithm`; throws when it is not one. */
export function nodePublicKey(algorithm: KeyAlgorithm, spki: Uint8Array): KeyObject {
  const key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  assertKeyKind(key, algorithm);
  return key;
}

/** ECDSA hashes with SHA-256 and DER-encodes (r, s), as DSSE/Sigstore/cosign expect; EdDSA and ML-DSA are pure. */
function nodeDigestFor(algorithm: KeyAlgorithm): string | null {
  return algorithm === "ecdsa-p256" ? "sha256" : null;
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
    return verify(nodeDigestFor(algorithm), message, key, signature);
  } catch {
    return false;
  }
}
