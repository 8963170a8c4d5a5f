import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Under CI a missing Prometheus tool is a failure (tooling/ci-services.sh installs it), never a skip. */
export const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/** Absolute path of an executable on PATH (or in /usr/bin, where Debian's prometheus package puts it). */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/usr/local/bin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Whether a suite needing `name` runs: yes when installed; under CI it must be, so the suite runs and fails
 * loudly on the missing binary instead of skipping. Locally a missing binary skips it with a visible title.
 */
export function toolAvailability(name: string): { run: boolean; title: string } {
  const found = findExecutable(name) !== undefined;
  if (found || IN_CI) return { run: true, title: name };
  return { run: false, title: `${name} (SKIPPED: not installed; run tooling/ci-services.sh)` };
}

export function requireExecutable(name: string): string {
  const path = findExecutable(name);
  if (!path)
    throw new Error(`${name} is not installed: run tooling/ci-services.sh (Debian package "prometheus")`);
  return path;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool to completion (bounded by `timeoutMs`), feeding `input` on stdin. Never rejects on exit codes. */
export function runTool(
  path: string,
  args: string[],
  options: { input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      path,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}
