import type { GateName, Logger } from "@qrg/core";

/** The structured record of a refusal, which the audit log consumes. */
export interface RejectionRecord {
  gate: GateName;
  rule_id: string;
  reason: string;
  score: number;
  /** The principal's subject (pseudonymous `lid:` id). */
  user: string;
  /** Policy version the decision was made under (Constitutional only). */
  policy_version?: string;
  policy_digest?: string;
  retry_after_seconds?: number;
}

/** Logs a refusal at `warn` with a stable event name. Seeds and matched words are never logged. */
export function logRejection(logger: Logger, record: RejectionRecord): void {
  logger.warn({ event: "qrg.safety.rejection", ...record }, `${record.gate} rejected: ${record.rule_id}`);
}

/** A logger that drops everything (the default when none is given). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
