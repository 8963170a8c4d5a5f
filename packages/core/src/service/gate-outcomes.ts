import type { GateName } from "../errors.ts";
import type { GateOutcome } from "../ports/gate.ts";
import type { Telemetry } from "../ports/telemetry.ts";
import type { GateRun } from "./run-gate.ts";

/**
 * The ConstitutionalGatekeeper and the CulturalSafetyChecker fail closed: a gate that overran its budget or
 * threw counts as a rejection, so no artifact leaves without both having approved it.
 */
export function failClosed<O extends GateOutcome>(
  telemetry: Telemetry,
  run: GateRun<O>,
  gate: GateName,
): O | GateOutcome {
  telemetry.safetyGateOutcome(gate, run.ok ? "ok" : run.failure);
  if (run.ok) return run.outcome;
  const reason =
    run.failure === "timeout" ? `${gate} exceeded its budget (fail closed)` : `${gate} failed (fail closed)`;
  telemetry.logger.error(
    { event: "gate_failed_closed", gate, failure: run.failure, err: String(run.error) },
    reason,
  );
  return {
    status: "rejected",
    reason,
    score: 0,
    rule_id: `gate.${run.failure}`,
    warnings: [],
    ...(gate === "ConstitutionalGatekeeper"
      ? { policy: { version: "unknown", digest: "unknown" }, consciousness: "no_consent" }
      : {}),
  };
}

/** Scores every outcome and logs and counts every rejection (the one `safety_rejection` event). */
export function recordOutcome(
  telemetry: Telemetry,
  gate: GateName,
  outcome: GateOutcome,
  userId: string,
): void {
  telemetry.safetyScore(gate, outcome.score);
  if (outcome.status === "rejected") {
    const rule = outcome.rule_id ?? "unspecified";
    telemetry.safetyRejection(gate, rule);
    telemetry.logger.warn(
      {
        event: "safety_rejection",
        gate,
        rule,
        reason: outcome.reason,
        score: outcome.score,
        user_id: userId,
      },
      `${gate} rejected a request`,
    );
  }
}
