import type { Outcome } from "./outcome.ts";

/** Text for people: one line per check, warnings, then the verdict naming any failed check. */
export function renderHuman(outcome: Outcome): string {
  const width = Math.max(0, ...outcome.checks.map((check) => check.name.length));
  const lines = [`qrg-verify: ${outcome.subject}`];
  for (const check of outcome.checks) {
    lines.push(
      `  ${check.ok ? "PASS" : "FAIL"}  ${check.name.padEnd(width)}  ${check.detail ?? ""}`.trimEnd(),
    );
  }
  for (const warning of outcome.warnings) lines.push(`  warning: ${warning}`);
  const failed = outcome.checks.filter((check) => !check.ok).map((check) => check.name);
  const unchecked =
    outcome.kind === "artifact" && outcome.details.hash_match === null ? " (content not checked)" : "";
  lines.push(outcome.valid ? `VALID${unchecked}` : `INVALID: failed ${failed.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

/** The machine report: kind, verdict, failed check names, then everything the verifier reported. */
export function renderJson(outcome: Outcome): string {
  const failed = outcome.checks.filter((check) => !check.ok).map((check) => check.name);
  const report = {
    kind: outcome.kind,
    valid: outcome.valid,
    failed,
    ...outcome.details,
    checks: outcome.checks,
    warnings: outcome.warnings,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
