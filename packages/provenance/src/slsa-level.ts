import type { KeyCustody } from "./signing-key.ts";

/** SLSA Build levels this service can claim. */
export type SlsaLevel = 0 | 1 | 2;

/**
 * The SLSA Build level of one artifact's provenance, from how it was signed:
 *
 * - 0: no signature at all (never emitted by the service: attest fails instead).
 * - 1: provenance exists and is signed, but at least one signature came from a file-held key (a software
 *   key on the host, including a local fallback used while the HSM is unreachable): anyone who can read
 *   the key file can forge provenance.
 * - 2: every signature came from a key held in an HSM or KMS, which the service can use but not export,
 *   so provenance is signed by the hosted platform and copying files cannot forge it.
 * - never 3: Build L3 needs a hardened builder (isolated, ephemeral build environments whose steps cannot
 *   reach the signing secrets). Generation runs in the same long-lived process as signing, so QRG does not
 *   meet it, whatever the key custody.
 *
 * The weakest key decides: a hybrid signature with one file-held key is level 1.
 */
export function computeSlsaLevel(custodies: readonly KeyCustody[]): SlsaLevel {
  if (custodies.length === 0) return 0;
  return custodies.every((custody) => custody === "hsm" || custody === "kms") ? 2 : 1;
}
