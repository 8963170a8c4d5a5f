import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";

/**
 * Passphrase sealing for secrets at rest (private keys, KEM keys): scrypt derives a 256-bit key from the
 * passphrase and AES-256-GCM seals the secret, with additional data binding it to its label, so editing a
 * label or swapping files fails authentication instead of mis-labelling a key. Files record these
 * parameters next to the ciphertext, so they are self-describing.
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

/** The `kdf` block of a sealed file: scrypt parameters and the salt, base64. */
export interface ScryptKdf extends ScryptParams {
  name: "scrypt";
  salt: string;
}

/** The `cipher` block of a sealed secret: a 96-bit IV and the full 128-bit tag, base64. */
export interface SealedCipher {
  name: "aes-256-gcm";
  iv: string;
  tag: string;
}

export interface SealedSecret {
  cipher: SealedCipher;
  /** base64 */
  ciphertext: string;
}

/** A fresh scrypt block (16-byte random salt) for a new sealed file. */
export function newScryptKdf(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): ScryptKdf {
  return { name: "scrypt", N: params.N, r: params.r, p: params.p, salt: randomBytes(16).toString("base64") };
}

/** The AES-256 key `kdf` derives from `passphrase`. */
export function deriveSealingKey(passphrase: Uint8Array, kdf: ScryptKdf): Promise<Buffer> {
  // scrypt needs 128·N·r·p bytes; Node's default cap is exactly 32 MiB, so allow headroom.
  const maxmem = 128 * kdf.N * kdf.r * kdf.p + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase,
      Buffer.from(kdf.salt, "base64"),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Seals the concatenation of `parts` under `key`, bound to `additionalData`. */
export function sealSecret(
  key: Uint8Array,
  parts: readonly Uint8Array[],
  additionalData: Uint8Array,
): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(additionalData);
  const ciphertext = Buffer.concat([...parts.map((part) => cipher.update(part)), cipher.final()]);
  return {
    cipher: { name: "aes-256-gcm", iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64") },
    ciphertext: ciphertext.toString("base64"),
  };
}

/**
 * Opens a sealed secret. Throws when authentication fails (wrong passphrase, modified file or label): the
 * caller turns that into its own error, naming the file.
 */
export function openSecret(key: Uint8Array, sealed: SealedSecret, additionalData: Uint8Array): Uint8Array {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.cipher.iv, "base64"));
  decipher.setAAD(additionalData);
  decipher.setAuthTag(Buffer.from(sealed.cipher.tag, "base64"));
  return new Uint8Array(
    Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]),
  );
}
