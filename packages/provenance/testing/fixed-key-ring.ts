import type { PublicKeyInfo } from "@qrg/schema";
import type { KeyRing } from "../src/key-ring.ts";
import type { SigningKey } from "../src/signing-key.ts";

/** The `PublicKeyInfo` of a fixed key: active since `window.not_before` (2025-01-01 unless given), no end. */
export function fixedKeyInfo(key: SigningKey, window: Partial<PublicKeyInfo> = {}): PublicKeyInfo {
  return {
    key_id: key.keyId,
    algorithm: key.algorithm,
    public_key_pem: key.publicKeyPem,
    status: "active",
    not_before: "2025-01-01T00:00:00Z",
    not_after: null,
    ...window,
  };
}

/**
 * A key ring that never changes: one active key per algorithm (the first given), listed with
 * {@link fixedKeyInfo}, never rotated. For fixtures that must come out the same on every run.
 */
export function fixedKeyRing(keys: readonly SigningKey[]): KeyRing {
  return {
    async active(algorithm) {
      const key = keys.find((candidate) => candidate.algorithm === algorithm);
      if (!key) throw new Error(`no ${algorithm} key`);
      return key;
    },
    async list() {
      return keys.map((key) => fixedKeyInfo(key));
    },
    async rotate() {
      throw new Error("a fixed ring does not rotate");
    },
    async health() {
      return "ok";
    },
  };
}
