import { spawn } from "node:child_process";
import { join } from "node:path";

export interface CommitLoopChild {
  /** qrg_ids the child reported as committed (complete lines only). */
  reported(): string[];
  /** Resolves with the signal that ended the child, once its output has been read. */
  exited: Promise<NodeJS.Signals | null>;
  kill(): void;
  /** Resolves once at least `count` ids were reported; rejects if the child ends first. */
  waitForReports(count: number): Promise<void>;
}

/** Runs test/helpers/commit-loop.ts on `dataDir` (see there). */
export function startCommitLoop(dataDir: string, count?: number): CommitLoopChild {
  const args = [join(import.meta.dirname, "commit-loop.ts"), dataDir];
  if (count !== undefined) args.push(String(count));
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  const reported = () => stdout.split("\n").slice(0, -1);
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let ended = false;
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("close", (_code, signal) => {
      ended = true;
      for (const wake of waiters.splice(0)) wake();
      resolve(signal);
    }),
  );
  return {
    reported,
    exited,
    kill: () => child.kill("SIGKILL"),
    async waitForReports(count: number) {
      while (reported().length < count) {
        if (ended) throw new Error(`commit loop ended after ${reported().length} commits: ${stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
