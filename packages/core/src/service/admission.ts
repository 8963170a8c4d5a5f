import type { RequestOptions } from "@qrg/schema";
import { QRGNotImplementedError, QRGQuotaExceededError, QRGSafetyRejection } from "../errors.ts";
import type { GenerateCall } from "../ports/adapter.ts";
import type { ConstitutionalOutcome } from "../ports/gate.ts";
import type { Deadline } from "./deadline.ts";
import { failClosed, recordOutcome } from "./gate-outcomes.ts";
import type { ServiceConfig } from "./options.ts";
import { runGate } from "./run-gate.ts";

export interface Admission {
  constitutional: ConstitutionalOutcome;
  ms: number;
}

/**
 * The ConstitutionalGatekeeper decides before any work is done. A rejection becomes a QRGSafetyRejection,
 * or a QRGQuotaExceededError when it carries a Retry-After.
 */
export async function admit(
  config: ServiceConfig,
  call: GenerateCall,
  options: RequestOptions,
  deadline: Deadline,
): Promise<Admission> {
  const { request, principal } = call;
  const { telemetry } = config;
  if (options.consensus_required && !config.consensus && config.consensusRequired === "refuse") {
    throw new QRGNotImplementedError(
      "mesh consensus is not available in this deployment: send consensus_required: false",
    );
  }
  deadline.enter("constitutional_gate");
  const run = await telemetry.span("qrg.generate.safety_checks", { "qrg.safety.phase": "admission" }, () =>
    telemetry.span("qrg.generate.safety_checks.ConstitutionalGatekeeper", {}, () =>
      runGate(
        config.gates.constitutional,
        { request, options, principal },
        config.budgets.ConstitutionalGatekeeper,
        deadline,
      ),
    ),
  );
  const constitutional = failClosed(telemetry, run, "ConstitutionalGatekeeper") as ConstitutionalOutcome;
  recordOutcome(telemetry, "ConstitutionalGatekeeper", constitutional, request.user_id);
  if (constitutional.status === "rejected") {
    if (constitutional.retry_after_seconds !== undefined) {
      throw new QRGQuotaExceededError(constitutional.reason, constitutional.retry_after_seconds);
    }
    throw new QRGSafetyRejection(
      "ConstitutionalGatekeeper",
      constitutional.rule_id ?? "unspecified",
      constitutional.reason,
      constitutional.score,
    );
  }
  return { constitutional, ms: run.ms };
}
