import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/** A redis-server child process on a free loopback port, for tests. */
export interface RedisServerHandle {
  port: number;
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  /** Stops the server (SIGTERM, then waits for the exit). Data is gone unless persistence was asked for. */
  stop(): Promise<void>;
  /** Stops and starts the server again on the same port. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  cleanup(): Promise<void>;
}

/**
 * Fails — never skips — when redis-server is missing: the mesh suites are the only proof that consensus works
 * on a real Redis. `bash tooling/ci-services.sh` installs it.
 */
export function requireRedisServer(): void {
  const probe = spawnSync("redis-server", ["--version"], { stdio: "pipe" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "redis-server is not installed. Run `bash tooling/ci-services.sh` (apt-get install redis-server) first.",
    );
  }
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on("error", () => {});
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    if (Date.now() > until) throw new Error(`redis-server on port ${port} did not answer PING`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts `redis-server` bound to 127.0.0.1 on a free port, without persistence, and waits until it answers.
 * (`--port 0` would disable TCP altogether, hence the probe for a free port.)
 */
export async function startRedisServer(
  options: { startTimeoutMs?: number } = {},
): Promise<RedisServerHandle> {
  requireRedisServer();
  const dir = await mkdtemp(join(tmpdir(), "qrg-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    child = proc;
    await waitForPing(port, proc, options.startTimeoutMs ?? 10_000);
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    cleanup: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
