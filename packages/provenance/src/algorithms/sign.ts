import type { KeyAlgorithm } from "@qrg/schema";
import { type BackendOptions, resolveBackend } from "@qrg/verify";
import type { KeyPairDer } from "./key-pair.ts";
import { nobleGenerateKeyPair } from "./noble-backend.ts";
import { nodeGenerateKeyPair } from "./node-backend.ts";
import { loadPrivateKey } from "./private-key.ts";

/**
 * The algorithm-agile one-shot signing API ("ed25519", "ecdsa-p256", "ml-dsa-87"); its counterpart
 * verifySignature lives in @qrg/verify.
 */

export function generateKeyPair(algorithm: KeyAlgorithm, options: BackendOptions = {}): KeyPairDer {
  return resolveBackend(algorithm, options.backend) === "node"
    ? nodeGenerateKeyPair(algorithm)
    : nobleGenerateKeyPair(algorithm);
}

/**
 * Signs `message` with a DER PKCS#8 key. Parses the key on every call: for repeated signing use
 * createSoftwareSigningKey, which keeps the parsed key. Throws QRGError "key_error" on a bad key.
 */
export function signMessage(
  algorithm: KeyAlgorithm,
  privateKeyPkcs8: Uint8Array,
  message: Uint8Array,
  options: BackendOptions = {},
): Uint8Array {
  return loadPrivateKey(algorithm, privateKeyPkcs8, options.backend).signSync(message);
}
