import * as nodeCrypto from "node:crypto";
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from "node:crypto";
import { x25519 } from "@noble/curves/ed25519.js";
import { ml_kem1024 } from "@noble/post-quantum/ml-kem.js";
import { QRGError } from "@qrg/core";

/**
 * Hybrid KEM: ML-KEM-1024 (FIPS 203) and X25519 (RFC 7748), combined so the key-encryption key stays secret
 * while EITHER component holds. Like X-Wing (draft-connolly-cfrg-xwing-kem) and the hybrid HPKE drafts,
 * the combiner hashes both shared secrets together with both ciphertexts and both public keys:
 *
 *   KEK = HKDF-SHA256(salt = "", IKM = ss_mlkem ‖ ss_x25519 ‖ ct_mlkem ‖ ct_x25519 ‖ pk_mlkem ‖ pk_x25519,
 *                     info = "QRG-HYBRID-KEM-v1 ML-KEM-1024+X25519", L = 32)
 *
 * Every input has a fixed length, so the concatenation is unambiguous. ct_x25519 is the ephemeral X25519
 * public key. Binding the ciphertexts and public keys means a KEK cannot be reused under another key pair
 * or ciphertext even if one component were broken.
 */
export const HYBRID_KEM_SUITE = "ml-kem-1024+x25519/hkdf-sha256";

export const ML_KEM_1024_PUBLIC_KEY_BYTES = 1568;
export const ML_KEM_1024_CIPHERTEXT_BYTES = 1568;
export const ML_KEM_SEED_BYTES = 64;
export const X25519_KEY_BYTES = 32;

const COMBINER_INFO = Buffer.from("QRG-HYBRID-KEM-v1 ML-KEM-1024+X25519", "utf8");

/** Which implementation runs the primitives: node:crypto (OpenSSL 3.5, Node ≥ 24.7) or @noble (pure JS). */
export type KemBackend = "node" | "noble";

export interface HybridKemPublicKey {
  /** ML-KEM-1024 encapsulation key, 1568 bytes. */
  mlKem: Uint8Array;
  /** X25519 public key, 32 bytes. */
  x25519: Uint8Array;
}

export interface HybridKemSecretKey {
  /** The FIPS 203 seed d ‖ z (64 bytes) the ML-KEM key pair is derived from. */
  mlKemSeed: Uint8Array;
  /** X25519 private scalar, 32 bytes. */
  x25519: Uint8Array;
}

export interface HybridKemKeyPair {
  /** Hex SHA-256 of pk_mlkem ‖ pk_x25519: names the key in every envelope. */
  keyId: string;
  publicKey: HybridKemPublicKey;
  secretKey: HybridKemSecretKey;
}

export interface HybridKemCiphertext {
  mlKem: Uint8Array;
  /** The ephemeral X25519 public key. */
  x25519: Uint8Array;
}

export interface Encapsulation {
  /** The 32-byte key-encryption key. */
  kek: Uint8Array;
  ciphertext: HybridKemCiphertext;
}

let nodeSupport: boolean | undefined;

/** Whether node:crypto has ML-KEM-1024 (crypto.encapsulate, OpenSSL ≥ 3.5). Probed once. */
export function nodeSupportsMlKem(): boolean {
  if (nodeSupport === undefined) {
    try {
      nodeSupport = typeof nodeCrypto.encapsulate === "function" && !!generateKeyPairSync("ml-kem-1024");
    } catch {
      nodeSupport = false;
    }
  }
  return nodeSupport;
}

/** The backend to use: `preferred` when given (node throws if unsupported), else node when it can, else noble. */
export function resolveKemBackend(preferred?: KemBackend): KemBackend {
  if (preferred === "node" && !nodeSupportsMlKem()) {
    throw new QRGError(
      "config_error",
      "node:crypto on this Node has no ML-KEM-1024; use the noble KEM backend",
    );
  }
  return preferred ?? (nodeSupportsMlKem() ? "node" : "noble");
}

export function hybridKemKeyId(publicKey: HybridKemPublicKey): string {
  return nodeCrypto.createHash("sha256").update(publicKey.mlKem).update(publicKey.x25519).digest("hex");
}

/** A fresh key pair (random seed and scalar); both backends derive the same public key from them. */
export function generateHybridKemKeyPair(backend?: KemBackend): HybridKemKeyPair {
  return hybridKemKeyPairFromSecret(
    {
      mlKemSeed: new Uint8Array(randomBytes(ML_KEM_SEED_BYTES)),
      x25519: new Uint8Array(randomBytes(X25519_KEY_BYTES)),
    },
    backend,
  );
}

/** Re-derives the public half (and key id) from the secret half. */
export function hybridKemKeyPairFromSecret(
  secretKey: HybridKemSecretKey,
  backend?: KemBackend,
): HybridKemKeyPair {
  if (secretKey.mlKemSeed.length !== ML_KEM_SEED_BYTES || secretKey.x25519.length !== X25519_KEY_BYTES) {
    throw new QRGError(
      "key_error",
      "a hybrid KEM secret key is a 64-byte ML-KEM seed and a 32-byte X25519 scalar",
    );
  }
  const publicKey: HybridKemPublicKey =
    resolveKemBackend(backend) === "node"
      ? {
          mlKem: rawTail(
            createPublicKey(nodeMlKemPrivateKey(secretKey.mlKemSeed)),
            ML_KEM_1024_PUBLIC_KEY_BYTES,
          ),
          x25519: rawTail(createPublicKey(nodeX25519PrivateKey(secretKey.x25519)), X25519_KEY_BYTES),
        }
      : {
          mlKem: ml_kem1024.keygen(secretKey.mlKemSeed).publicKey,
          x25519: x25519.getPublicKey(secretKey.x25519),
        };
  return { keyId: hybridKemKeyId(publicKey), publicKey, secretKey };
}

/** Encapsulates to `publicKey`: a fresh KEK and the ciphertexts that let the secret-key holder recover it. */
export function hybridEncapsulate(publicKey: HybridKemPublicKey, backend?: KemBackend): Encapsulation {
  let mlKemSecret: Uint8Array;
  let x25519Secret: Uint8Array;
  let ciphertext: HybridKemCiphertext;
  if (resolveKemBackend(backend) === "node") {
    const { sharedKey, ciphertext: mlKemCiphertext } = nodeCrypto.encapsulate(
      nodeMlKemPublicKey(publicKey.mlKem),
    );
    const ephemeral = generateKeyPairSync("x25519");
    x25519Secret = diffieHellman({
      privateKey: ephemeral.privateKey,
      publicKey: nodeX25519PublicKey(publicKey.x25519),
    });
    mlKemSecret = sharedKey;
    ciphertext = {
      mlKem: new Uint8Array(mlKemCiphertext),
      x25519: rawTail(ephemeral.publicKey, X25519_KEY_BYTES),
    };
  } else {
    const { cipherText, sharedSecret } = ml_kem1024.encapsulate(publicKey.mlKem);
    const ephemeral = x25519.utils.randomSecretKey();
    x25519Secret = x25519.getSharedSecret(ephemeral, publicKey.x25519);
    mlKemSecret = sharedSecret;
    ciphertext = { mlKem: cipherText, x25519: x25519.getPublicKey(ephemeral) };
  }
  return { kek: combine(mlKemSecret, x25519Secret, ciphertext, publicKey), ciphertext };
}

/**
 * Recovers the KEK. ML-KEM decapsulation never fails (implicit rejection yields an unrelated secret), so a
 * wrong key or altered ciphertext shows up as a KEK that fails AES-GCM authentication downstream.
 */
export function hybridDecapsulate(
  keyPair: HybridKemKeyPair,
  ciphertext: HybridKemCiphertext,
  backend?: KemBackend,
): Uint8Array {
  if (
    ciphertext.mlKem.length !== ML_KEM_1024_CIPHERTEXT_BYTES ||
    ciphertext.x25519.length !== X25519_KEY_BYTES
  ) {
    throw new QRGError("decryption_error", "hybrid KEM ciphertext has the wrong length");
  }
  let mlKemSecret: Uint8Array;
  let x25519Secret: Uint8Array;
  try {
    if (resolveKemBackend(backend) === "node") {
      mlKemSecret = nodeCrypto.decapsulate(
        nodeMlKemPrivateKey(keyPair.secretKey.mlKemSeed),
        ciphertext.mlKem,
      );
      x25519Secret = diffieHellman({
        privateKey: nodeX25519PrivateKey(keyPair.secretKey.x25519),
        publicKey: nodeX25519PublicKey(ciphertext.x25519),
      });
    } else {
      mlKemSecret = ml_kem1024.decapsulate(
        ciphertext.mlKem,
        ml_kem1024.keygen(keyPair.secretKey.mlKemSeed).secretKey,
      );
      x25519Secret = x25519.getSharedSecret(keyPair.secretKey.x25519, ciphertext.x25519);
    }
  } catch (cause) {
    // e.g. a low-order X25519 point, which both backends refuse
    throw new QRGError("decryption_error", "hybrid KEM decapsulation failed (malformed ciphertext)", {
      cause,
    });
  }
  return combine(mlKemSecret, x25519Secret, ciphertext, keyPair.publicKey);
}

function combine(
  mlKemSecret: Uint8Array,
  x25519Secret: Uint8Array,
  ciphertext: HybridKemCiphertext,
  publicKey: HybridKemPublicKey,
): Uint8Array {
  if (x25519Secret.every((byte) => byte === 0)) {
    throw new QRGError("decryption_error", "X25519 produced the all-zero shared secret (low-order point)");
  }
  const ikm = Buffer.concat([
    mlKemSecret,
    x25519Secret,
    ciphertext.mlKem,
    ciphertext.x25519,
    publicKey.mlKem,
    publicKey.x25519,
  ]);
  return new Uint8Array(hkdfSync("sha256", ikm, Buffer.alloc(0), COMBINER_INFO, 32));
}

// DER wrappers so node:crypto can import raw keys on any Node that has the algorithms (no raw-* formats needed).
const ML_KEM_1024_PKCS8_SEED_PREFIX = Buffer.from("3054020100300b060960864801650304040304428040", "hex");
const ML_KEM_1024_SPKI_PREFIX = Buffer.from("30820632300b06096086480165030404030382062100", "hex");
const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
const X25519_SPKI_PREFIX = Buffer.from("302a300506032b656e032100", "hex");

function nodeMlKemPrivateKey(seed: Uint8Array): nodeCrypto.KeyObject {
  return createPrivateKey({
    key: Buffer.concat([ML_KEM_1024_PKCS8_SEED_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
}
function nodeMlKemPublicKey(raw: Uint8Array): nodeCrypto.KeyObject {
  return createPublicKey({ key: Buffer.concat([ML_KEM_1024_SPKI_PREFIX, raw]), format: "der", type: "spki" });
}
function nodeX25519PrivateKey(raw: Uint8Array): nodeCrypto.KeyObject {
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, raw]), format: "der", type: "pkcs8" });
}
function nodeX25519PublicKey(raw: Uint8Array): nodeCrypto.KeyObject {
  return createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
}
/** The raw key at the end of a public key's DER SPKI. */
function rawTail(publicKey: nodeCrypto.KeyObject, length: number): Uint8Array {
  const spki = publicKey.export({ format: "der", type: "spki" });
  return new Uint8Array(spki.subarray(spki.length - length));
}
