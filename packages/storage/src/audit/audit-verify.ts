import { access } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import {
  type AuditCheckpoint,
  AuditCheckpointSchema,
  AuditEntrySchema,
  type AuditSignatureCheck,
  auditCheckpointHash,
  auditCheckpointPayload,
  auditEntryHash,
  GENESIS_HASH,
} from "./audit-entry.ts";
import { lastByteIsNewline, readLines } from "./audit-lines.ts";
import { AUDIT_CHECKPOINT_FILE, AUDIT_LOG_FILE } from "./audit-log.ts";

/** The first thing found wrong, named precisely enough to go and look. */
export interface AuditProblem {
  file: typeof AUDIT_LOG_FILE | typeof AUDIT_CHECKPOINT_FILE;
  /** 1-based line number in `file`. */
  line: number;
  /** The entry's sequence number, when the line names one. */
  seq?: number;
  reason: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** The last verified entry (seq 0 for an empty log). */
  head: { seq: number; hash: string };
  /** Entries after the last checkpoint: chained, but not yet covered by a signature. */
  unsignedEntries: number;
  /** The log ends in an incomplete line (a write cut short by a crash, never acknowledged). */
  tornTail: boolean;
  problem?: AuditProblem;
}

export interface VerifyAuditLogOptions {
  dir: string;
  /** Checks a checkpoint's signature with the service's public keys. */
  checkSignature: AuditSignatureCheck;
}

/**
 * Walks the whole chain (every hash recomputed, every `prev` matched, sequence numbers contiguous) and
 * every checkpoint (signature, own chain, the entry it signs present and equal). Stops at the first
 * problem, which names the file, line and entry.
 */
export async function verifyAuditLog(options: VerifyAuditLogOptions): Promise<AuditVerification> {
  const logPath = join(options.dir, AUDIT_LOG_FILE);
  const checkpointPath = join(options.dir, AUDIT_CHECKPOINT_FILE);
  await access(logPath).catch(() => {
    throw new Error(`no audit log at ${logPath}`);
  });
  const result: AuditVerification = {
    ok: true,
    entries: 0,
    checkpoints: 0,
    head: { seq: 0, hash: GENESIS_HASH },
    unsignedEntries: 0,
    tornTail: !(await lastByteIsNewline(logPath)),
  };
  const fail = (problem: AuditProblem): AuditVerification => ({ ...result, ok: false, problem });

  const checkpoints: { checkpoint: AuditCheckpoint; line: number }[] = [];
  let previousCheckpoint = GENESIS_HASH;
  let previousSeq = 0;
  for await (const { line, number } of readLines(checkpointPath)) {
    const parsed = safeJson(line, AuditCheckpointSchema);
    if (typeof parsed === "string")
      return fail({ file: AUDIT_CHECKPOINT_FILE, line: number, reason: parsed });
    const where = { file: AUDIT_CHECKPOINT_FILE, line: number, seq: parsed.seq } as const;
    if (parsed.prev_checkpoint !== previousCheckpoint) {
      return fail({ ...where, reason: "prev_checkpoint does not match the previous checkpoint's hash" });
    }
    if (parsed.seq < previousSeq) return fail({ ...where, reason: "checkpoint seq goes backwards" });
    let valid = false;
    try {
      valid = await options.checkSignature(
        auditCheckpointPayload(parsed),
        Buffer.from(parsed.signature, "base64"),
        parsed.key_id,
        parsed.algorithm,
      );
    } catch {
      valid = false;
    }
    if (!valid) return fail({ ...where, reason: `signature does not verify with key ${parsed.key_id}` });
    checkpoints.push({ checkpoint: parsed, line: number });
    previousCheckpoint = auditCheckpointHash(parsed);
    previousSeq = parsed.seq;
  }
  result.checkpoints = checkpoints.length;

  const bySeq = new Map(checkpoints.map((c) => [c.checkpoint.seq, c]));
  let prev = GENESIS_HASH;
  for await (const { line, number } of readLines(logPath)) {
    const expected = result.head.seq + 1;
    const parsed = safeJson(line, AuditEntrySchema);
    if (typeof parsed === "string") {
      return fail({ file: AUDIT_LOG_FILE, line: number, seq: expected, reason: parsed });
    }
    const where = { file: AUDIT_LOG_FILE, line: number, seq: parsed.seq } as const;
    if (parsed.seq !== expected) return fail({ ...where, reason: `expected seq ${expected}` });
    if (parsed.prev !== prev)
      return fail({ ...where, reason: "prev does not match the previous entry's hash" });
    if (auditEntryHash(parsed) !== parsed.hash) {
      return fail({ ...where, reason: "hash does not match the entry's contents" });
    }
    const signed = bySeq.get(parsed.seq);
    if (signed && signed.checkpoint.head !== parsed.hash) {
      return fail({
        ...where,
        reason: `differs from the entry signed at ${AUDIT_CHECKPOINT_FILE} line ${signed.line}`,
      });
    }
    prev = parsed.hash;
    result.head = { seq: parsed.seq, hash: parsed.hash };
    result.entries++;
  }

  const last = checkpoints[checkpoints.length - 1];
  if (last && last.checkpoint.seq > result.head.seq) {
    return fail({
      file: AUDIT_LOG_FILE,
      line: result.entries + 1,
      seq: result.head.seq + 1,
      reason: `log truncated: ${AUDIT_CHECKPOINT_FILE} line ${last.line} signs seq ${last.checkpoint.seq}, the log ends at seq ${result.head.seq}`,
    });
  }
  result.unsignedEntries = result.head.seq - (last?.checkpoint.seq ?? 0);
  return result;
}

function safeJson<S extends z.ZodType>(line: string, schema: S): z.output<S> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return "not valid JSON";
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `malformed: ${issue ? `${issue.path.map(String).join(".") || "(line)"}: ${issue.message}` : "schema mismatch"}`;
}
