import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The qrg-api CLI, run with Node (type stripping) as `pnpm qrg-api` does. */
export const QRG_API_CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

export interface MeshProcess extends AsyncDisposable {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (newest 1 MiB). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process exited. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash); resolves once the process exited. */
  kill(): Promise<void>;
}

/** Spawns `node cli.ts ARGS` and resolves once its output matches `ready` (rejects if it exits first). */
export async function spawnCli(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = Number(process.env.QRG_TEST_START_TIMEOUT_MS ?? 120_000),
): Promise<MeshProcess & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, [QRG_API_CLI, ...args], {
    env: { ...process.env, QRG_LOG_LEVEL: process.env.QRG_LOG_LEVEL ?? "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  const onData = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-1024 * 1024);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL"); // never leave a half-started process behind
      reject(new Error(`qrg-api ${args.join(" ")} not ready in ${timeoutMs} ms:\n${buffer}`));
    }, timeoutMs);
    const check = () => {
      const found = ready.exec(buffer);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(
        new Error(`qrg-api ${args.join(" ")} exited with ${child.exitCode} before it was ready:\n${buffer}`),
      );
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  return {
    child,
    match,
    output: () => buffer,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
    [Symbol.asyncDispose]: () => signal("SIGTERM"),
  };
}

export interface NodeSpec {
  nodeId: string;
  redisUrl: string;
  dataDir: string;
  /** Extra environment, e.g. QRG_POLICY_FILE for a node with other data. */
  env?: Record<string, string>;
}

/** `qrg-api node` as its own OS process; resolves once it consumes its queue. */
export function spawnMeshNode(spec: NodeSpec): Promise<MeshProcess> {
  return spawnCli(
    ["node"],
    {
      QRG_NODE_ID: spec.nodeId,
      QRG_REDIS_URL: spec.redisUrl,
      QRG_DATA_DIR: spec.dataDir,
      QRG_QUOTAS: "off",
      ...spec.env,
    },
    new RegExp(`QRG mesh node ${spec.nodeId} consuming`),
  );
}

/** `qrg-api serve` as its own process; resolves with its URL once it listens. */
export async function spawnApi(env: Record<string, string>): Promise<MeshProcess & { url: string }> {
  const started = await spawnCli(
    ["serve"],
    { PORT: "0", HOST: "127.0.0.1", QRG_QUOTAS: "off", ...env },
    /listening on (http:\/\/\S+)/,
  );
  return Object.assign(started, { url: started.match[1]! });
}
