import {
  DEFAULT_SCRYPT_PARAMS,
  deriveSealingKey,
  newScryptKdf,
  openSecret,
  QRGError,
  type ScryptParams,
  sealSecret,
} from "@qrg/core";
import type { KeyAlgorithm } from "@qrg/schema";
import { KeyAlgorithmSchema } from "@qrg/schema";
import { z } from "zod";

/**
 * A private key encrypted at rest: PKCS#8 DER sealed with AES-256-GCM under a key derived from the passphrase
 * by scrypt. The file is JSON so its parameters are self-describing; key id and algorithm are bound as GCM
 * additional data, so editing them (or swapping files) fails authentication instead of mis-labelling a key.
 */

export { DEFAULT_SCRYPT_PARAMS, type ScryptParams };

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

function additionalData(label: KeyLabel): Uint8Array {
  return new TextEncoder().encode(`${FORMAT}/1|${label.algorithm}|${label.keyId}`);
}

/** Seals `pkcs8` for `label` under `passphrase`; returns the file bytes (JSON). */
export async function encryptPrivateKey(
  pkcs8: Uint8Array,
  label: KeyLabel,
  passphrase: Uint8Array,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<Uint8Array> {
  const kdf = newScryptKdf(params);
  const sealed = sealSecret(await deriveSealingKey(passphrase, kdf), [pkcs8], additionalData(label));
  const file: EncryptedKeyFile = {
    format: FORMAT,
    version: 1,
    key_id: label.keyId,
    algorithm: label.algorithm,
    kdf,
    ...sealed,
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
  const key = await deriveSealingKey(passphrase, file.kdf);
  try {
    return { pkcs8: openSecret(key, file, additionalData(label)), label };
  } catch (cause) {
    throw new QRGError(
      "key_error",
      `cannot decrypt ${source}: wrong key passphrase, or the file was modified (AES-256-GCM authentication failed)`,
      { cause },
    );
  }
}
