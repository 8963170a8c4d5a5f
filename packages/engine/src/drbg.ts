import { createCipheriv, hkdfSync } from "node:crypto";

/** HKDF-SHA256 (RFC 5869, node:crypto hkdfSync) of one 32-byte key. `info` is at most 1024 bytes. */
export function hkdfSha256Key(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", ikm, salt, info, 32));
}

// OpenSSL's chacha20 IV is a 32-bit little-endian block counter followed by a 96-bit nonce. Every key is
// derived for one artifact only, so the all-zero nonce never repeats under a key.
const ZERO_IV = new Uint8Array(16);
const CHUNK = 2048;
const ZEROS = new Uint8Array(CHUNK);
const TWO_POW_32 = 4294967296;

/**
 * A deterministic byte stream: the ChaCha20 keystream (zero plaintext encrypted under `key`), read in order.
 * All sampling is unbiased: integers by rejection, floats from whole 32-bit words.
 */
export class KeyStream {
  readonly #cipher;
  #buffer: Uint8Array = new Uint8Array(0);
  #view: DataView = new DataView(this.#buffer.buffer);
  #offset = 0;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError(`ChaCha20 needs a 32-byte key, got ${key.length}`);
    this.#cipher = createCipheriv("chacha20", key, ZERO_IV);
  }

  /** The next unsigned 32-bit word (little-endian). */
  u32(): number {
    if (this.#offset + 4 > this.#buffer.length) this.#refill();
    const value = this.#view.getUint32(this.#offset, true);
    this.#offset += 4;
    return value;
  }

  /** A float strictly inside (0, 1): the midpoint of one of 2^32 equal cells, so logs never see 0 or 1. */
  unit(): number {
    return (this.u32() + 0.5) / TWO_POW_32;
  }

  /** An integer uniform on [0, n) for 1 <= n <= 2^32, by rejection of the biased tail of the 32-bit range. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`int(n) needs an integer 1 <= n <= 2^32, got ${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.u32();
      if (x < limit) return x % n;
    }
  }

  /** The next `length` keystream bytes. */
  bytes(length: number): Uint8Array {
    while (this.#offset + length > this.#buffer.length) this.#refill();
    const out = this.#buffer.slice(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  /** Appends the next keystream chunk after the unread bytes. */
  #refill(): void {
    const rest = this.#buffer.subarray(this.#offset);
    const fresh = this.#cipher.update(ZEROS);
    const next = new Uint8Array(rest.length + fresh.length);
    next.set(rest, 0);
    next.set(fresh, rest.length);
    this.#buffer = next;
    this.#view = new DataView(next.buffer);
    this.#offset = 0;
  }
}
