// This folder's names in one place for its tests; the package's front door is src/index.ts.
export {
  type BackendOptions,
  CRYPTO_BACKENDS,
  type CryptoBackend,
  nodeSupports,
  resolveBackend,
} from "./backend.ts";
export { decodePkcs8, decodeSpki, encodePkcs8, encodeSpki, type RawPrivateKey } from "./key-encoding.ts";
export { keyIdOf } from "./key-id.ts";
export type { KeyPairDer } from "./key-pair.ts";
export {
  ML_DSA_87_PUBLIC_KEY_LENGTH,
  ML_DSA_87_SECRET_KEY_LENGTH,
  ML_DSA_87_SEED_LENGTH,
  ML_DSA_87_SIGNATURE_LENGTH,
} from "./ml-dsa-private-key.ts";
export { pemToSpki, spkiToPem } from "./pem.ts";
export { generateKeyPair, signMessage, verifySignature } from "./sign-verify.ts";
export {
  closeSignWorkers,
  createSignWorkerPool,
  defaultSignWorkers,
  type SignWorkerPool,
} from "./sign-worker-pool.ts";
export { createSoftwareSigningKey, type SoftwareSigningKeyOptions } from "./software-signing-key.ts";
