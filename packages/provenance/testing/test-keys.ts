import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import type { KeyRing } from "../src/key-ring.ts";
import type { KeyCustody, SigningKey } from "../src/signing-key.ts";

/** A real node:crypto key pair wrapped as a SigningKey (the file key ring does the same with files). */
export interface TestKey extends SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateTestKey(algorithm: KeyAlgorithm, custody: KeyCustody = "file"): TestKey {
  const pair =
    algorithm === "ecdsa-p256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : algorithm === "ed25519"
        ? generateKeyPairSync("ed25519")
        : generateKeyPairSync("ml-dsa-87");
  return wrapKey(algorithm, pair.privateKey, pair.publicKey, custody);
}

export function wrapKey(
  algorithm: KeyAlgorithm,
  privateKey: KeyObject,
  publicKey: KeyObject,
  custody: KeyCustody = "file",
): TestKey {
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const digest = algorithm === "ecdsa-p256" ? "sha256" : null;
  return {
    keyId: createHash("sha256").update(spki).digest("hex"),
    algorithm,
    publicKeySpki: spki,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }) as string,
    custody,
    privateKey,
    publicKey,
    // The callback form runs on libuv's thread pool, so a 1 ms ML-DSA-87 signature does not block.
    sign: (message) =>
      new Promise<Uint8Array>((resolve, reject) =>
        sign(digest, message, privateKey, (error, signature) =>
          error ? reject(error) : resolve(new Uint8Array(signature)),
        ),
      ),
  };
}

export function publicKeyInfo(
  key: SigningKey,
  window: { status?: PublicKeyInfo["status"]; not_before?: string; not_after?: string | null } = {},
): PublicKeyInfo {
  return {
    key_id: key.keyId,
    algorithm: key.algorithm,
    public_key_pem: key.publicKeyPem,
    status: window.status ?? "active",
    not_before: window.not_before ?? "2020-01-01T00:00:00.000Z",
    not_after: window.not_after ?? null,
  };
}

/** An in-memory KeyRing over real keys: one active key per algorithm, retired keys kept for verification. */
export function memoryKeyRing(
  initial: readonly TestKey[],
  clock: () => Date = () => new Date(),
): KeyRing & {
  infos: PublicKeyInfo[];
} {
  const active = new Map<KeyAlgorithm, TestKey>();
  const infos: PublicKeyInfo[] = [];
  for (const key of initial) {
    active.set(key.algorithm, key);
    infos.push(publicKeyInfo(key));
  }
  return {
    infos,
    async active(algorithm) {
      const key = active.get(algorithm);
      if (!key) throw new Error(`no ${algorithm} key`);
      return key;
    },
    async list() {
      return infos.map((info) => ({ ...info }));
    },
    async rotate(algorithm) {
      const now = clock().toISOString();
      const previous = active.get(algorithm);
      const info = previous && infos.find((entry) => entry.key_id === previous.keyId);
      if (info) Object.assign(info, { status: "retired", not_after: now });
      const next = generateTestKey(algorithm, previous?.custody ?? "file");
      active.set(algorithm, next);
      const added = publicKeyInfo(next, { not_before: now });
      infos.push(added);
      return added;
    },
    async health() {
      return "ok";
    },
  };
}
