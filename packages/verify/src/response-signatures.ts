import type { Provenance } from "@qrg/schema";
import { fromSpecAlgorithm } from "./algorithms/spec-algorithms.ts";
import type { SignatureToCheck } from "./signatures/check-signature.ts";

/**
 * The signatures a provenance block claims: every entry of `signatures`, plus `signature` (the spec's
 * primary) when it is not one of them, so a primary altered on its own is still checked.
 */
export function claimedSignatures(provenance: Provenance): SignatureToCheck[] {
  const claimed: SignatureToCheck[] = (provenance.signatures ?? []).map((entry) => ({
    algorithm: entry.algorithm,
    keyId: entry.key_id,
    publicKeyRef: entry.public_key_ref,
    signatureB64: entry.signature_b64,
  }));
  const primary = provenance.signature;
  if (primary?.algorithm && primary.signature_b64 !== undefined) {
    if (!claimed.some((entry) => entry.signatureB64 === primary.signature_b64)) {
      const entry: SignatureToCheck = {
        algorithm: fromSpecAlgorithm(primary.algorithm),
        signatureB64: primary.signature_b64,
      };
      if (primary.public_key_ref) entry.publicKeyRef = primary.public_key_ref;
      claimed.unshift(entry);
    }
  }
  return claimed;
}
