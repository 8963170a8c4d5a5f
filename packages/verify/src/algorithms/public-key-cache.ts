import type { KeyObject } from "node:crypto";

/**
 * Recently used public keys, parsed. Parsing an SPKI into a KeyObject costs about as much as an Ed25519
 * verification, and a verifier sees the same few service keys over and over.
 */
export interface PublicKeyCache {
  /** The parsed key for (`algorithm`, `spki`), from the cache or by calling `parse` (which may throw). */
  get(algorithm: string, spki: Uint8Array, parse: () => KeyObject): KeyObject;
}

/** A small LRU keyed by algorithm and SPKI bytes. @param capacity @default 256 */
export function createPublicKeyCache(capacity = 256): PublicKeyCache {
  const entries = new Map<string, KeyObject>();
  return {
    get(algorithm, spki, parse) {
      const id = `${algorithm}:${Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString("base64")}`;
      let key = entries.get(id);
      if (key) {
        entries.delete(id); // re-insert: most recently used last
      } else {
        key = parse();
        if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
      }
      entries.set(id, key);
      return key;
    },
  };
}
