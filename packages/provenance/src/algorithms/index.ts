// This folder's names in one place for its tests; the package's front door is src/index.ts. Verification,
// backend selection and public-key encodings live in @qrg/verify.
export { decodePkcs8, encodePkcs8, type RawPrivateKey } from "./key-encoding.ts";
export type { KeyPairDer } from "./key-pair.ts";
export {
  ML_DSA_87_SECRET_KEY_LENGTH,
  ML_DSA_87_SEED_LENGTH,
  ML_DSA_87_SIGNATURE_LENGTH,
} from "./ml-dsa-private-key.ts";
export { generateKeyPair, signMessage } from "./sign.ts";
export {
  closeSignWorkers,
  createSignWorkerPool,
  defaultSignWorkers,
  type SignWorkerPool,
} from "./sign-worker-pool.ts";
export { createSoftwareSigningKey, type SoftwareSigningKeyOptions } from "./software-signing-key.ts";
