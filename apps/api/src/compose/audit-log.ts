import { join } from "node:path";
import type { Logger } from "@qrg/core";
import type { KeyRing } from "@qrg/provenance";
import { AuditLog, type AuditSignatureCheck, verifyAuditLog } from "@qrg/storage";
import { verifyWithPublicKey } from "./audit-signature.ts";

/** Where the audit log lives: beside the artifacts, in the data dir. */
export function auditDir(dataDir: string): string {
  return join(dataDir, "audit");
}

/**
 * The audit log, its checkpoints signed with the service's active Ed25519 key (resolved at each
 * checkpoint, so a rotation is picked up).
 */
export async function composeAuditLog(
  dataDir: string,
  ring: KeyRing | undefined,
  logger: Logger,
): Promise<AuditLog> {
  const log = await AuditLog.open({
    dir: auditDir(dataDir),
    // The sandbox has no key ring: its log is chained but not checkpointed.
    ...(ring ? { signer: () => ring.active("ed25519") } : {}),
    onCheckpointError: (error) =>
      logger.error({ event: "audit_checkpoint_failed", err: String(error) }, "audit checkpoint not written"),
  });
  if (log.recoveredTornBytes > 0) {
    logger.warn(
      { event: "audit_torn_tail", bytes: log.recoveredTornBytes },
      "audit log: cut an unacknowledged partial entry left by a crash",
    );
  }
  return log;
}

/** Verifies the audit log in the data dir with every key the ring knows (active and retired). */
export async function verifyAudit(dataDir: string, ring: KeyRing) {
  const keys = await ring.list();
  const check: AuditSignatureCheck = async (payload, signature, keyId, algorithm) => {
    const key = keys.find((k) => k.key_id === keyId);
    return (
      key !== undefined &&
      key.algorithm === algorithm &&
      verifyWithPublicKey(key.public_key_pem, algorithm, payload, signature)
    );
  };
  return verifyAuditLog({ dir: auditDir(dataDir), checkSignature: check });
}
