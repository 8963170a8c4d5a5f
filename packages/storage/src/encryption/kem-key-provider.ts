import type { HybridKemKeyPair } from "./hybrid-kem.ts";

/** Where the store's KEM keys come from: a file today, an HSM or KMS tomorrow. */
export interface KemKeyProvider {
  /** The key new envelopes are sealed to. */
  current(): Promise<HybridKemKeyPair>;
  /** The key named `keyId` (current or earlier); undefined when this provider never held it. */
  get(keyId: string): Promise<HybridKemKeyPair | undefined>;
}
