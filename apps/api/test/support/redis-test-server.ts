import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** A real redis-server started for a test on a free loopback port. */
export interface RedisTestServer {
  url: string;
  port: number;
  /** Stops it (SIGTERM, then waits for the exit); idempotent. */
  stop(): Promise<void>;
}

/** Whether redis-server is installed (tooling/ci-services.sh installs it; CI must never go without). */
export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * Starts redis-server without persistence on a free port (picked by binding port 0 first: redis-server
 * cannot listen on port 0 itself) and resolves once it answers PING. Throws when the binary is missing.
 */
export async function startRedisTestServer(): Promise<RedisTestServer> {
  if (!redisServerAvailable()) throw new Error("redis-server is not installed: run tooling/ci-services.sh");
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    if (await answersPing(port, exited)) {
      let stopped: Promise<void> | undefined;
      return {
        url: `redis://127.0.0.1:${port}/0`,
        port,
        stop() {
          stopped ??= (async () => {
            child.kill("SIGTERM");
            await exited;
          })();
          return stopped;
        },
      };
    }
    child.kill("SIGKILL");
    await exited;
    if (attempt >= 3) throw new Error("redis-server did not start");
  }
}

async function answersPing(port: number, exited: Promise<void>): Promise<boolean> {
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const deadline = Date.now() + 5000;
  while (!dead && Date.now() < deadline) {
    const client = new Redis({
      port,
      host: "127.0.0.1",
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", () => {});
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return true;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
