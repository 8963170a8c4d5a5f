import { randomBytes } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { KeyAlgorithm } from "@qrg/schema";
import { encodeSpki } from "@qrg/verify";
import { decodePkcs8, encodePkcs8 } from "./key-encoding.ts";
import type { KeyPairDer } from "./key-pair.ts";
import { assertSeedMatchesExpanded, ML_DSA_87_SEED_LENGTH } from "./ml-dsa-private-key.ts";

/**
 * Pure-JS @noble signing and key generation, used when node:crypto lacks an algorithm and to cross-check it
 * (verification lives in @qrg/verify). Ed25519: RFC 8032 pure. P-256: SHA-256, deterministic RFC 6979 nonces,
 * low-S signatures, DER. ML-DSA-87: FIPS 204 pure mode, empty context, hedged (randomised) signing.
 */

// @noble/ed25519 leaves the sync SHA-512 pluggable; set it once (idempotent, same function everywhere).
ed.hashes.sha512 ??= sha512;

/** A decoded private key: raw secret and raw public key. */
export interface NoblePrivateKey {
  algorithm: KeyAlgorithm;
  /** Ed25519 seed, P-256 scalar, or ML-DSA-87 expanded secret key. */
  secret: Uint8Array;
  publicKey: Uint8Array;
}

export function nobleGenerateKeyPair(algorithm: KeyAlgorithm): KeyPairDer {
  switch (algorithm) {
    case "ed25519": {
      const seed = ed.utils.randomSecretKey();
      return {
        publicKeySpki: encodeSpki(algorithm, ed.getPublicKey(seed)),
        privateKeyPkcs8: encodePkcs8({ algorithm, seed }),
      };
    }
    case "ecdsa-p256": {
      const scalar = p256.utils.randomSecretKey();
      const publicKey = p256.getPublicKey(scalar, false);
      return {
        publicKeySpki: encodeSpki(algorithm, publicKey),
        privateKeyPkcs8: encodePkcs8({ algorithm, scalar }, publicKey),
      };
    }
    case "ml-dsa-87": {
      const seed = new Uint8Array(randomBytes(ML_DSA_87_SEED_LENGTH));
      const { publicKey, secretKey } = ml_dsa87.keygen(seed);
      return {
        publicKeySpki: encodeSpki(algorithm, publicKey),
        privateKeyPkcs8: encodePkcs8({ algorithm, seed, expanded: secretKey }),
      };
    }
  }
}

/** Decodes PKCS#8 and derives the public key (ML-DSA-87 seed forms are expanded here, once). */
export function noblePrivateKey(pkcs8: Uint8Array): NoblePrivateKey {
  const key = decodePkcs8(pkcs8);
  switch (key.algorithm) {
    case "ed25519":
      return { algorithm: key.algorithm, secret: key.seed, publicKey: ed.getPublicKey(key.seed) };
    case "ecdsa-p256":
      return {
        algorithm: key.algorithm,
        secret: key.scalar,
        publicKey: p256.getPublicKey(key.scalar, false),
      };
    case "ml-dsa-87": {
      if (key.seed) {
        const { publicKey, secretKey } = ml_dsa87.keygen(key.seed);
        if (key.expanded) assertSeedMatchesExpanded(secretKey, key.expanded);
        return { algorithm: key.algorithm, secret: secretKey, publicKey };
      }
      const secret = key.expanded!;
      return { algorithm: key.algorithm, secret, publicKey: ml_dsa87.getPublicKey(secret) };
    }
  }
}

export function nobleSpkiOf(key: NoblePrivateKey): Uint8Array {
  return encodeSpki(key.algorithm, key.publicKey);
}

export function nobleSign(key: NoblePrivateKey, message: Uint8Array): Uint8Array {
  switch (key.algorithm) {
    case "ed25519":
      return ed.sign(message, key.secret);
    case "ecdsa-p256":
      return p256.sign(message, key.secret, { prehash: true, lowS: true, format: "der" });
    case "ml-dsa-87":
      return ml_dsa87.sign(message, key.secret);
  }
}
