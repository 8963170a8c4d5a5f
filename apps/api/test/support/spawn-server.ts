import { type ChildProcess, spawn } from "node:child_process";

export interface Spawned extends AsyncDisposable {
  url: string;
  child: ChildProcess;
  /** What the server has written to stdout so far (its JSON log lines included), newest 4 MiB. */
  stdout(): string;
}

/** Starts a server script with Node and waits for its "listening on URL" line. */
export async function spawnServer(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<Spawned> {
  const child = spawn(process.execPath, [script, ...args], {
    // One process unless a test asks for workers (cluster start-up doubles the CPU a start needs), and no
    // fixed metrics port: test servers run side by side.
    env: { ...process.env, QRG_WORKERS: "1", QRG_METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    // The newest 4 MiB is plenty for a test's assertions and bounds a long benchmark's memory.
    buffer = (buffer + chunk.toString()).slice(-4 * 1024 * 1024);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    child.stdout!.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening`));
    });
  });
  return {
    url,
    child,
    stdout: () => buffer,
    async [Symbol.asyncDispose]() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
