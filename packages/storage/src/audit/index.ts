export {
  type AuditCheckpoint,
  type AuditEntry,
  type AuditEvent,
  AuditEventSchema,
  type AuditSignatureCheck,
  type AuditSigner,
} from "./audit-entry.ts";
export {
  AUDIT_CHECKPOINT_FILE,
  AUDIT_LOG_FILE,
  AuditLog,
  type AuditLogOptions,
  type AuditReceipt,
} from "./audit-log.ts";
export { readAuditTail } from "./audit-tail.ts";
export {
  type AuditProblem,
  type AuditVerification,
  type VerifyAuditLogOptions,
  verifyAuditLog,
} from "./audit-verify.ts";
