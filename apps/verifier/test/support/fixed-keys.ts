import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSoftwareSigningKey, type KeyRing, type SigningKey } from "@qrg/provenance";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";

const KEY_DIR = join(import.meta.dirname, "..", "fixtures", "keys");

/** One of the committed test keys (fixtures/keys/NAME.pem), through the production software SigningKey. */
export function fixedKey(name: string, algorithm: KeyAlgorithm): SigningKey {
  const pem = readFileSync(join(KEY_DIR, `${name}.pem`));
  const pkcs8 = createPrivateKey(pem).export({ type: "pkcs8", format: "der" });
  return createSoftwareSigningKey(algorithm, new Uint8Array(pkcs8));
}

export function keyInfo(key: SigningKey, window: Partial<PublicKeyInfo> = {}): PublicKeyInfo {
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

/** A fixed ring: one active key per algorithm. */
export function fixedKeyRing(keys: readonly SigningKey[]): KeyRing {
  return {
    async active(algorithm) {
      const key = keys.find((candidate) => candidate.algorithm === algorithm);
      if (!key) throw new Error(`no ${algorithm} key`);
      return key;
    },
    async list() {
      return keys.map((key) => keyInfo(key));
    },
    async rotate() {
      throw new Error("a fixed ring does not rotate");
    },
    async health() {
      return "ok";
    },
  };
}
