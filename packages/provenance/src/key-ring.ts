import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import type { SigningKey } from "./signing-key.ts";

/**
 * The service's keys: one active signing key per algorithm, plus retired keys kept for verification with
 * their validity windows. Implemented by the file key ring (embedded default) and by HSM/KMS-backed rings.
 */
export interface KeyRing {
  /** The active key for `algorithm`, created on first use when the ring may generate keys. */
  active(algorithm: KeyAlgorithm): Promise<SigningKey>;
  /** Every key (active and retired) with status and validity. */
  list(): Promise<PublicKeyInfo[]>;
  /** Adds a new active key for `algorithm`; the previous active key is retired (not_after = now). */
  rotate(algorithm: KeyAlgorithm): Promise<PublicKeyInfo>;
  /** Whether the ring can sign (keys readable, token reachable). */
  health(): Promise<"ok" | "error">;
}
