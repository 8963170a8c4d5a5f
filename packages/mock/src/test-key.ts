import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/**
 * TEST KEY — NOT SECRET, NEVER USE IN PRODUCTION.
 *
 * The Ed25519 private key seed of the mock adapter, committed on purpose so that mock signatures are real,
 * reproducible and verifiable by anyone. Anything signed with it proves nothing about who produced it.
 */
export const MOCK_TEST_KEY_SEED_HEX = "f2d068f598ce46a5ab176064a1aa195e0dbac254f0c1c9e277120d7f4f6266ba";

/** Validity start reported for the test key. */
export const MOCK_TEST_KEY_NOT_BEFORE = "2025-01-01T00:00:00Z";

/** RFC 8410 PKCS#8 prefix for an Ed25519 private key: the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = "302e020100300506032b657004220420";

export interface MockTestKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** sha256 of the DER SubjectPublicKeyInfo, hex (the key_id convention of /keys). */
  readonly keyId: string;
  readonly publicKeyPem: string;
}

let cached: MockTestKey | undefined;

/** The mock adapter's fixed Ed25519 test key pair. */
export function mockTestKey(): MockTestKey {
  if (cached) return cached;
  const privateKey = createPrivateKey({
    key: Buffer.from(ED25519_PKCS8_PREFIX + MOCK_TEST_KEY_SEED_HEX, "hex"),
    format: "der",
    type: "pkcs8",
  });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ format: "der", type: "spki" });
  cached = {
    privateKey,
    publicKey,
    keyId: createHash("sha256").update(spki).digest("hex"),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
  return cached;
}
