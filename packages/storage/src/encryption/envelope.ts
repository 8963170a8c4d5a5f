import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { QRGError } from "@qrg/core";
import {
  type HybridKemKeyPair,
  type HybridKemPublicKey,
  hybridDecapsulate,
  hybridEncapsulate,
  type KemBackend,
  ML_KEM_1024_CIPHERTEXT_BYTES,
  X25519_KEY_BYTES,
} from "./hybrid-kem.ts";

/**
 * Envelope format v1 (binary, fixed-size header):
 *
 *   offset  size  field
 *        0     4  magic "QRGE"
 *        4     1  version = 1
 *        5     1  suite = 1 (ML-KEM-1024 + X25519, HKDF-SHA256, AES-256-GCM)
 *        6    32  KEM key id (SHA-256 of the hybrid public key)
 *       38  1568  ML-KEM-1024 ciphertext
 *     1606    32  X25519 ephemeral public key
 *     1638    12  wrap nonce
 *     1650    48  data key (32) wrapped with AES-256-GCM under the KEK, plus its tag (16)
 *     1698    12  data nonce
 *     1710     …  content encrypted with AES-256-GCM under the data key, then its tag (16)
 *
 * Each object gets its own random 256-bit data key; the KEM wraps only that key, so objects can be re-keyed
 * by re-wrapping 48 bytes. The caller's `context` (the object's identity, e.g. `content` + its plaintext
 * hash) is GCM additional data for both layers, together with the header bytes before each layer: an
 * envelope moved to another object, or any header byte changed, fails authentication.
 */
const MAGIC = Buffer.from("QRGE", "ascii");
const VERSION = 1;
const SUITE = 1;
const KEY_ID_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;

const KEY_ID_AT = 6;
const MLKEM_AT = KEY_ID_AT + KEY_ID_BYTES;
const X25519_AT = MLKEM_AT + ML_KEM_1024_CIPHERTEXT_BYTES;
const WRAP_NONCE_AT = X25519_AT + X25519_KEY_BYTES;
const WRAPPED_KEY_AT = WRAP_NONCE_AT + NONCE_BYTES;
const DATA_NONCE_AT = WRAPPED_KEY_AT + DATA_KEY_BYTES + TAG_BYTES;
const HEADER_BYTES = DATA_NONCE_AT + NONCE_BYTES;

/** Bytes an envelope adds to its plaintext. */
export const ENVELOPE_OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;

export interface SealKey {
  keyId: string;
  publicKey: HybridKemPublicKey;
}

/** Encrypts `plaintext` to `key`, bound to `context`. */
export function sealEnvelope(
  plaintext: Uint8Array,
  context: string,
  key: SealKey,
  backend?: KemBackend,
): Uint8Array {
  const { kek, ciphertext } = hybridEncapsulate(key.publicKey, backend);
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[4] = VERSION;
  header[5] = SUITE;
  Buffer.from(key.keyId, "hex").copy(header, KEY_ID_AT);
  Buffer.from(ciphertext.mlKem).copy(header, MLKEM_AT);
  Buffer.from(ciphertext.x25519).copy(header, X25519_AT);
  randomBytes(NONCE_BYTES).copy(header, WRAP_NONCE_AT);
  const wrap = createCipheriv("aes-256-gcm", kek, header.subarray(WRAP_NONCE_AT, WRAPPED_KEY_AT));
  wrap.setAAD(additionalData(header.subarray(0, WRAP_NONCE_AT), context));
  Buffer.concat([wrap.update(dataKey), wrap.final(), wrap.getAuthTag()]).copy(header, WRAPPED_KEY_AT);
  randomBytes(NONCE_BYTES).copy(header, DATA_NONCE_AT);
  const data = createCipheriv("aes-256-gcm", dataKey, header.subarray(DATA_NONCE_AT));
  data.setAAD(additionalData(header, context));
  return new Uint8Array(Buffer.concat([header, data.update(plaintext), data.final(), data.getAuthTag()]));
}

/** The key id an envelope was sealed to; decryption_error when the bytes are not an envelope. */
export function envelopeKeyId(envelope: Uint8Array, what: string): string {
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  if (bytes.length < HEADER_BYTES + TAG_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) {
    throw new QRGError("decryption_error", `${what} is not an encrypted QRG envelope`);
  }
  if (bytes[4] !== VERSION || bytes[5] !== SUITE) {
    throw new QRGError(
      "decryption_error",
      `${what} uses envelope version ${bytes[4]}/suite ${bytes[5]}, not 1/1`,
    );
  }
  return bytes.subarray(KEY_ID_AT, MLKEM_AT).toString("hex");
}

/**
 * Decrypts an envelope sealed to `keyPair` for `context`. Any mismatch — another key, another object,
 * a flipped bit — is a decryption_error; nothing is returned unauthenticated.
 */
export function openEnvelope(
  envelope: Uint8Array,
  context: string,
  keyPair: HybridKemKeyPair,
  what: string,
  backend?: KemBackend,
): Uint8Array {
  const keyId = envelopeKeyId(envelope, what);
  if (keyId !== keyPair.keyId) {
    throw new QRGError("decryption_error", `${what} was encrypted to KEM key ${keyId}, not ${keyPair.keyId}`);
  }
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  const header = bytes.subarray(0, HEADER_BYTES);
  const kek = hybridDecapsulate(
    keyPair,
    { mlKem: header.subarray(MLKEM_AT, X25519_AT), x25519: header.subarray(X25519_AT, WRAP_NONCE_AT) },
    backend,
  );
  try {
    const unwrap = createDecipheriv("aes-256-gcm", kek, header.subarray(WRAP_NONCE_AT, WRAPPED_KEY_AT));
    unwrap.setAAD(additionalData(header.subarray(0, WRAP_NONCE_AT), context));
    unwrap.setAuthTag(header.subarray(WRAPPED_KEY_AT + DATA_KEY_BYTES, DATA_NONCE_AT));
    const dataKey = Buffer.concat([
      unwrap.update(header.subarray(WRAPPED_KEY_AT, WRAPPED_KEY_AT + DATA_KEY_BYTES)),
      unwrap.final(),
    ]);
    const data = createDecipheriv("aes-256-gcm", dataKey, header.subarray(DATA_NONCE_AT));
    data.setAAD(additionalData(header, context));
    data.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return new Uint8Array(
      Buffer.concat([data.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)), data.final()]),
    );
  } catch (cause) {
    throw new QRGError(
      "decryption_error",
      `cannot decrypt ${what}: AES-256-GCM authentication failed (the envelope was modified or belongs to another object)`,
      { cause },
    );
  }
}

function additionalData(headerPrefix: Uint8Array, context: string): Buffer {
  return Buffer.concat([headerPrefix, Buffer.from(`\0${context}`, "utf8")]);
}
