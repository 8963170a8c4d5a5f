import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { QRGError } from "@qrg/core";
import type { KeyAlgorithm } from "@qrg/schema";
import { KeyAlgorithmSchema } from "@qrg/schema";
import { z } from "zod";

/**
 * A private key encrypted at rest: PKCS#8 DER sealed with AES-256-GCM under a key derived from the passphrase
 * by scrypt. The file is JSON so its parameters are self-describing; key id and algorithm are bound as GCM
 * additional data, so editing them (or swapping files) fails authentication instead of mis-labelling a key.
 */

export interface ScryptParams {
  /** CPU/memory cost, a power of two. 2^15 with r=8 uses 32 MiB and ~60–100 ms per key. @default 32768 */
  N: number;
  /** Block size. @default 8 */
  r: number;
  /** Parallelisation. @default 1 */
  p: number;
}

export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const FORMAT = "qrg-encrypted-private-key";
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

// Bounds also stop a tampered file from demanding gigabytes of scrypt memory.
const EncryptedKeyFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  key_id: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: KeyAlgorithmSchema,
  kdf: z.object({
    name: z.literal("scrypt"),
    N: z
      .number()
      .int()
      .min(2 ** 10)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, "N must be a power of two"),
    r: z.number().int().min(1).max(16),
    p: z.number().int().min(1).max(4),
    salt: base64.min(16),
  }),
  // A 96-bit IV and the full 128-bit tag: a truncated tag would weaken authentication.
  cipher: z.object({ name: z.literal("aes-256-gcm"), iv: base64.length(16), tag: base64.length(24) }),
  ciphertext: base64,
});

export type EncryptedKeyFile = z.output<typeof EncryptedKeyFileSchema>;

export interface KeyLabel {
  keyId: string;
  algorithm: KeyAlgorithm;
}

function additionalData(label: KeyLabel): Buffer {
  return Buffer.from(`${FORMAT}/1|${label.algorithm}|${label.keyId}`, "utf8");
}

function deriveKey(passphrase: Uint8Array, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; allow that plus headroom (Node's default cap is exactly 32 MiB).
  const maxmem = 128 * params.N * params.r * params.p + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Seals `pkcs8` for `label` under `passphrase`; returns the file bytes (JSON). */
export async function encryptPrivateKey(
  pkcs8: Uint8Array,
  label: KeyLabel,
  passphrase: Uint8Array,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<Uint8Array> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, params);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(additionalData(label));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  const file: EncryptedKeyFile = {
    format: FORMAT,
    version: 1,
    key_id: label.keyId,
    algorithm: label.algorithm,
    kdf: { name: "scrypt", N: params.N, r: params.r, p: params.p, salt: salt.toString("base64") },
    cipher: { name: "aes-256-gcm", iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64") },
    ciphertext: ciphertext.toString("base64"),
  };
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`, "utf8");
}

/** Parses an encrypted key file; QRGError "key_error" when it is not one. */
export function parseEncryptedKeyFile(bytes: Uint8Array, source: string): EncryptedKeyFile {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (cause) {
    throw new QRGError("key_error", `${source} is not an encrypted QRG key file (invalid JSON)`, { cause });
  }
  const parsed = EncryptedKeyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new QRGError("key_error", `${source} is not an encrypted QRG key file: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Opens an encrypted key file and returns the PKCS#8 DER. A wrong passphrase (or a modified file) fails GCM
 * authentication: QRGError "key_error" saying so; nothing is changed on disk.
 */
export async function decryptPrivateKey(
  bytes: Uint8Array,
  passphrase: Uint8Array,
  source = "key file",
): Promise<{ pkcs8: Uint8Array; label: KeyLabel }> {
  const file = parseEncryptedKeyFile(bytes, source);
  const label: KeyLabel = { keyId: file.key_id, algorithm: file.algorithm };
  const key = await deriveKey(passphrase, Buffer.from(file.kdf.salt, "base64"), file.kdf);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(file.cipher.iv, "base64"));
    decipher.setAAD(additionalData(label));
    decipher.setAuthTag(Buffer.from(file.cipher.tag, "base64"));
    const pkcs8 = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, "base64")), decipher.final()]);
    return { pkcs8: new Uint8Array(pkcs8), label };
  } catch (cause) {
    throw new QRGError(
      "key_error",
      `cannot decrypt ${source}: wrong key passphrase, or the file was modified (AES-256-GCM authentication failed)`,
      { cause },
    );
  }
}
