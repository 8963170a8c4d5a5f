import type { KeyObject } from "node:crypto";
import { QRGError } from "@qrg/core";
import type { KeyAlgorithm } from "@qrg/schema";
import { type CryptoBackend, resolveBackend } from "@qrg/verify";
import { noblePrivateKey, nobleSign, nobleSpkiOf } from "./noble-backend.ts";
import { nodePrivateKey, nodeSign, nodeSpkiOf } from "./node-backend.ts";

/** What a worker thread needs to sign with a key (a KeyObject is cloned across threads by postMessage). */
export type WorkerKey =
  | { backend: "node"; algorithm: KeyAlgorithm; key: KeyObject }
  | { backend: "noble"; algorithm: KeyAlgorithm; secret: Uint8Array };

/** A parsed private key, ready to sign many messages without re-parsing (the expensive part). */
export interface LoadedPrivateKey {
  readonly algorithm: KeyAlgorithm;
  readonly backend: CryptoBackend;
  readonly publicKeySpki: Uint8Array;
  signSync(message: Uint8Array): Uint8Array;
  readonly workerKey: WorkerKey;
}

/** Parses PKCS#8 for `algorithm` once; throws QRGError "key_error" on a malformed or mismatched key. */
export function loadPrivateKey(
  algorithm: KeyAlgorithm,
  privateKeyPkcs8: Uint8Array,
  requested?: CryptoBackend,
): LoadedPrivateKey {
  const backend = resolveBackend(algorithm, requested);
  try {
    if (backend === "node") {
      const key = nodePrivateKey(algorithm, privateKeyPkcs8);
      return {
        algorithm,
        backend,
        publicKeySpki: nodeSpkiOf(key),
        signSync: (message) => nodeSign(algorithm, key, message),
        workerKey: { backend, algorithm, key },
      };
    }
    const key = noblePrivateKey(privateKeyPkcs8);
    if (key.algorithm !== algorithm) {
      throw new Error(`key is ${key.algorithm}, expected ${algorithm}`);
    }
    return {
      algorithm,
      backend,
      publicKeySpki: nobleSpkiOf(key),
      signSync: (message) => nobleSign(key, message),
      workerKey: { backend, algorithm, secret: key.secret },
    };
  } catch (cause) {
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    throw new QRGError(
      "key_error",
      `not a usable ${algorithm} PKCS#8 private key (${backend} backend)${detail}`,
      {
        cause,
      },
    );
  }
}
