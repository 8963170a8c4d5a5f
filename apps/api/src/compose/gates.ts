import { createSafetyGates, type QuotaStore, type SafetyGates } from "@qrg/gates";
import type { ApiConfig } from "../config.ts";

/** The three safety gates with the configured policy file, quota switch and quota counters. */
export function composeGates(config: ApiConfig, quotaStore?: QuotaStore): Promise<SafetyGates> {
  return createSafetyGates({
    ...(config.QRG_POLICY_FILE ? { policyFile: config.QRG_POLICY_FILE } : {}),
    ...(quotaStore ? { quotaStore } : {}),
    quotasEnabled: config.QRG_QUOTAS !== "off",
    // No logger: the orchestrator writes the one `safety_rejection` record per rejection (fail-closed
    // ones included), so the gates must not write a second.
  });
}
