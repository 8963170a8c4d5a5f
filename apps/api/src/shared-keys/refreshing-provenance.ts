import type { ProvenanceService, VerificationInput, VerificationResult } from "@qrg/core";
import type { SharedKeyRing } from "./shared-key-ring.ts";

/**
 * A verification that fails may name a key another instance published after this one last read the
 * directory: re-read it (at most once per `minIntervalMs`) and verify once more. A forged signature fails
 * both times; only an unknown-key failure can turn into a pass.
 */
export function withKeyRefresh(
  provenance: ProvenanceService,
  keys: SharedKeyRing,
  minIntervalMs = 1000,
): ProvenanceService {
  let lastRefresh = Number.NEGATIVE_INFINITY;
  return {
    ...provenance,
    async verify(input: VerificationInput): Promise<VerificationResult> {
      const result = await provenance.verify(input);
      if (result.signature_valid || performance.now() - lastRefresh < minIntervalMs) return result;
      lastRefresh = performance.now();
      await keys.refresh().catch(() => {});
      return provenance.verify(input);
    },
  };
}
