import { type KeyObject, verify } from "node:crypto";
import type { KeyAlgorithm } from "@qrg/schema";

/**
 * Verifies one signature over `message`: Ed25519 and ML-DSA-87 sign the message itself; ECDSA P-256 signs
 * its SHA-256 with a DER-encoded signature (what DSSE and Sigstore use). Malformed input is `false`.
 */
export function verifyRawSignature(
  algorithm: KeyAlgorithm,
  publicKey: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    switch (algorithm) {
      case "ed25519":
      case "ml-dsa-87":
        return verify(null, message, publicKey, signature);
      case "ecdsa-p256":
        return verify("sha256", message, { key: publicKey, dsaEncoding: "der" }, signature);
    }
  } catch {
    return false;
  }
}
