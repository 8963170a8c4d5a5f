import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyRing, SigningKey } from "@qrg/provenance";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";

const KEY_DIR = join(import.meta.dirname, "..", "fixtures", "keys");

export interface FixedKey extends SigningKey {
  privateKey: KeyObject;
}

/** One of the committed test keys (fixtures/keys/NAME.pem), as a real node:crypto SigningKey. */
export function fixedKey(name: string, algorithm: KeyAlgorithm): FixedKey {
  const privateKey = createPrivateKey(readFileSync(join(KEY_DIR, `${name}.pem`)));
  const publicKey = createPublicKey(privateKey);
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const digest = algorithm === "ecdsa-p256" ? "sha256" : null;
  return {
    keyId: createHash("sha256").update(spki).digest("hex"),
    algorithm,
    publicKeySpki: spki,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }) as string,
    custody: "file",
    privateKey,
    sign: (message) =>
      new Promise((resolve, reject) =>
        sign(digest, message, privateKey, (error, signature) =>
          error ? reject(error) : resolve(new Uint8Array(signature)),
        ),
      ),
  };
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
