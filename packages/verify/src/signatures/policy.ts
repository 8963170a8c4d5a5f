import type { KeyAlgorithm } from "@qrg/schema";
import { isClassical } from "../algorithms/spec-algorithms.ts";

/**
 * Which signatures must verify:
 * - `auto`: every signature the response carries (at least one);
 * - `hybrid`: every signature, and among them a classical one (Ed25519/ECDSA P-256) and an ML-DSA-87 one;
 * - `classical`: the classical signatures (at least one); ML-DSA-87 ones are not checked;
 * - `pq`: the ML-DSA-87 signatures (at least one); classical ones are not checked.
 */
export type VerificationPolicy = "auto" | "hybrid" | "classical" | "pq";

export const VERIFICATION_POLICIES: readonly VerificationPolicy[] = ["auto", "hybrid", "classical", "pq"];

/** Whether `policy` requires a signature of `algorithm` to verify. */
export function policyRequires(policy: VerificationPolicy, algorithm: KeyAlgorithm): boolean {
  switch (policy) {
    case "auto":
    case "hybrid":
      return true;
    case "classical":
      return isClassical(algorithm);
    case "pq":
      return algorithm === "ml-dsa-87";
  }
}

/** Whether the algorithms of the signatures present satisfy `policy`; the reason when they do not. */
export function policyCoverage(
  policy: VerificationPolicy,
  present: readonly KeyAlgorithm[],
): string | undefined {
  const classical = present.some(isClassical);
  const pq = present.includes("ml-dsa-87");
  const has = present.length > 0 ? present.join(" + ") : "none";
  switch (policy) {
    case "auto":
      return present.length > 0 ? undefined : "the response carries no signature";
    case "hybrid":
      return classical && pq
        ? undefined
        : `hybrid needs a classical and an ML-DSA-87 signature; present: ${has}`;
    case "classical":
      return classical ? undefined : `classical needs an Ed25519 or ECDSA P-256 signature; present: ${has}`;
    case "pq":
      return pq ? undefined : `pq needs an ML-DSA-87 signature; present: ${has}`;
  }
}
