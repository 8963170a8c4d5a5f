import type { KeyAlgorithm } from "@qrg/schema";

export type { KeyAlgorithm };

/** Where a private key lives; slsa_level and audit records depend on it. */
export type KeyCustody = "file" | "hsm" | "kms";

/**
 * A private key that can sign, wherever it lives (file, PKCS#11 token, KMS). The private key material
 * never leaves the implementation.
 */
export interface SigningKey {
  /** Hex sha256 of the DER SubjectPublicKeyInfo. */
  readonly keyId: string;
  readonly algorithm: KeyAlgorithm;
  /** DER SubjectPublicKeyInfo. */
  readonly publicKeySpki: Uint8Array;
  readonly publicKeyPem: string;
  readonly custody: KeyCustody;
  /** Signs `message` (for ECDSA P-256: SHA-256 then ECDSA, DER-encoded signature, as DSSE/Sigstore expect). */
  sign(message: Uint8Array): Promise<Uint8Array>;
}
