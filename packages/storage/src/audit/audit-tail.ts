import { join } from "node:path";
import { type AuditEntry, AuditEntrySchema } from "./audit-entry.ts";
import { readLines } from "./audit-lines.ts";
import { AUDIT_LOG_FILE } from "./audit-log.ts";

/** The last `count` entries of the log in `dir`, oldest first (lines that do not parse are skipped). */
export async function readAuditTail(dir: string, count: number): Promise<AuditEntry[]> {
  const kept: AuditEntry[] = [];
  if (count <= 0) return kept;
  for await (const { line } of readLines(join(dir, AUDIT_LOG_FILE))) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = AuditEntrySchema.safeParse(value);
    if (!parsed.success) continue;
    kept.push(parsed.data);
    if (kept.length > count) kept.shift();
  }
  return kept;
}
