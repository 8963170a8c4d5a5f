import { p256 } from "@noble/curves/nist.js";
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { KeyAlgorithm } from "@qrg/schema";
import { decodeSpki } from "./spki.ts";

/**
 * Pure-JS @noble verification, for a Node whose crypto lacks an algorithm (ML-DSA-87 before Node 24) and to
 * cross-check node:crypto. Ed25519: RFC 8032, strict (non-ZIP-215) like OpenSSL. P-256: SHA-256, DER, and
 * high-S accepted because OpenSSL produces such signatures. ML-DSA-87: FIPS 204 pure mode, empty context.
 */

// @noble/ed25519 leaves the sync SHA-512 pluggable; set it once (idempotent, same function everywhere).
ed.hashes.sha512 ??= sha512;

/** Never throws: a malformed key or signature is simply not a valid signature. */
export function nobleVerify(
  algorithm: KeyAlgorithm,
  spki: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const decoded = decodeSpki(spki);
    if (decoded.algorithm !== algorithm) return false;
    switch (algorithm) {
      case "ed25519":
        return ed.verify(signature, message, decoded.publicKey, { zip215: false });
      case "ecdsa-p256":
        return p256.verify(signature, message, decoded.publicKey, {
          prehash: true,
          lowS: false,
          format: "der",
        });
      case "ml-dsa-87":
        return ml_dsa87.verify(signature, message, decoded.publicKey);
    }
  } catch {
    return false;
  }
}
