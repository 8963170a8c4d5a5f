import { createSafetyGates, type SafetyGates } from "@qrg/gates";
import type { ApiConfig } from "../config.ts";

/** The three safety gates with the configured policy file and quota switch. */
export function composeGates(config: ApiConfig): Promise<SafetyGates> {
  return createSafetyGates({
    ...(config.QRG_POLICY_FILE ? { policyFile: config.QRG_POLICY_FILE } : {}),
    quotasEnabled: config.QRG_QUOTAS !== "off",
    // No logger: the orchestrator writes the one `safety_rejection` record per rejection (fail-closed
    // ones included), so the gates must not write a second.
  });
}
