import type { KeyAlgorithm } from "@qrg/schema";
import { type BackendOptions, keyIdOf, spkiToPem } from "@qrg/verify";
import type { KeyCustody, SigningKey } from "../signing-key.ts";
import { loadPrivateKey } from "./private-key.ts";
import { newWorkerKeyHandle, type SignWorkerPool, sharedSignWorkerPool } from "./sign-worker-pool.ts";

export interface SoftwareSigningKeyOptions extends BackendOptions {
  /**
   * Sign ML-DSA-87 on a worker thread (the shared pool, or the pool given) instead of the event loop. Costs a
   * thread hop (~0.1 ms) per signature but frees the main thread for ~1.3 ms; Ed25519 and P-256 always sign
   * inline, where they take tens of microseconds.
   * @default false
   */
  offload?: boolean | SignWorkerPool;
}

/**
 * A SigningKey over an in-memory private key (file key ring, tests, CLI). The PKCS#8 is parsed once and the
 * parsed key (node KeyObject or @noble secret) kept, so `sign` does no parsing. Throws QRGError "key_error"
 * when the PKCS#8 is malformed or holds a key of another algorithm.
 */
export function createSoftwareSigningKey(
  algorithm: KeyAlgorithm,
  privateKeyPkcs8: Uint8Array,
  custody: KeyCustody = "file",
  options: SoftwareSigningKeyOptions = {},
): SigningKey {
  const loaded = loadPrivateKey(algorithm, privateKeyPkcs8, options.backend);
  const offload = options.offload ?? false;
  let sign: (message: Uint8Array) => Promise<Uint8Array>;
  if (offload !== false && algorithm === "ml-dsa-87") {
    const handle = newWorkerKeyHandle();
    const pool = offload === true ? undefined : offload;
    sign = (message) => (pool ?? sharedSignWorkerPool()).sign(handle, loaded.workerKey, message);
  } else {
    sign = async (message) => loaded.signSync(message);
  }
  return Object.freeze({
    keyId: keyIdOf(loaded.publicKeySpki),
    algorithm,
    publicKeySpki: loaded.publicKeySpki,
    publicKeyPem: spkiToPem(loaded.publicKeySpki),
    custody,
    sign,
  });
}
