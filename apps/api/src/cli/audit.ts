import { parseArgs } from "node:util";
import { readAuditTail } from "@qrg/storage";
import { auditDir, verifyAudit } from "../compose/audit-log.ts";
import { loadConfig } from "../config.ts";
import { openKeyRing } from "./key-ring.ts";
import { type CommandResult, UsageError } from "./usage.ts";

/**
 * `qrg-api audit verify`: walks the whole chain and every signed checkpoint; exit 0 when intact, 1 naming
 * the first bad entry (file, line, seq and why).
 */
export async function auditVerifyCommand(args: string[]): Promise<CommandResult> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const config = loadConfig();
  const report = await verifyAudit(config.dataDir, await openKeyRing(config));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (report.ok) {
    process.stdout.write(
      `audit log intact: ${report.entries} entries, ${report.checkpoints} signed checkpoints, head seq ${report.head.seq}` +
        `${report.unsignedEntries ? ` (${report.unsignedEntries} after the last checkpoint)` : ""}` +
        `${report.tornTail ? "; an unacknowledged partial last line (cut on the next start)" : ""}\n`,
    );
  } else {
    const p = report.problem!;
    process.stdout.write(
      `audit log BROKEN at ${p.file} line ${p.line}${p.seq !== undefined ? ` (seq ${p.seq})` : ""}: ${p.reason}\n` +
        `${report.entries} entries verified before it\n`,
    );
  }
  return report.ok ? 0 : 1;
}

/** `qrg-api audit tail [-n N]`: the last N entries (default 20), one JSON object per line. */
export async function auditTailCommand(args: string[]): Promise<CommandResult> {
  const { values } = parseArgs({ args, options: { n: { type: "string", short: "n", default: "20" } } });
  const count = Number(values.n);
  if (!Number.isInteger(count) || count < 1) throw new UsageError("-n must be a positive integer");
  for (const entry of await readAuditTail(auditDir(loadConfig().dataDir), count)) {
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  }
  return 0;
}
