import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveWorkerCount } from "../src/cluster/workers-setting.ts";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

function startFixture(port: number) {
  const child = spawn(process.execPath, [join(import.meta.dirname, "support", "cluster-fixture.ts")], {
    env: { ...process.env, FIXTURE_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    for (const part of parts) lines.push(JSON.parse(part));
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = async (predicate: (line: Record<string, unknown>) => boolean) => {
    const deadline = Date.now() + 15_000;
    while (!lines.some(predicate)) {
      if (Date.now() > deadline) throw new Error(`timed out; lines: ${JSON.stringify(lines)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return lines.find(predicate)!;
  };
  return { child, lines, exited, waitFor };
}

describe("QRG_WORKERS", () => {
  it("reads auto, a count, or fails clearly", () => {
    expect(resolveWorkerCount(undefined, 8)).toBe(8);
    expect(resolveWorkerCount("auto", 2)).toBe(2);
    expect(resolveWorkerCount("1", 8)).toBe(1);
    expect(resolveWorkerCount(" 3 ", 8)).toBe(3);
    expect(() => resolveWorkerCount("0", 8)).toThrow(/QRG_WORKERS/);
    expect(() => resolveWorkerCount("many", 8)).toThrow(/QRG_WORKERS/);
  });
});

describe("cluster primary", () => {
  it("shares one port among workers, aggregates metrics, shares quotas, replaces a dead worker and drains on SIGTERM", async () => {
    const port = await freePort();
    const fixture = startFixture(port);
    await fixture.waitFor((l) => l.event === "ready");
    const base = `http://127.0.0.1:${port}`;

    const pids = new Set<string>();
    for (let i = 0; i < 20; i++)
      pids.add(await (await fetch(`${base}/pid`, { headers: { connection: "close" } })).text());
    expect(pids.size).toBe(2);

    // 20 /pid requests + this /metrics request, counted across both workers' registries.
    const metrics = await (await fetch(`${base}/metrics`, { headers: { connection: "close" } })).text();
    expect(metrics).toMatch(/^fixture_requests_total 21$/m);

    // One allowance across both workers: exactly 7 of 20 pass.
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/quota`, { headers: { connection: "close" } }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(13);

    await fetch(`${base}/crash`, { headers: { connection: "close" } }).catch(() => {});
    const died = await fixture.waitFor((l) => l.event === "worker_died");
    expect(died).toMatchObject({ level: "error", code: 3 });
    await fixture.waitFor(
      (l) => l.event === "worker_listening" && !pids.has(String(l.pid)) && l.pid !== died.pid,
    );

    const slow = fetch(`${base}/slow`, { headers: { connection: "close" } }).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 150));
    fixture.child.kill("SIGTERM");
    expect(await slow).toBe("done");
    expect(await fixture.exited).toBe(0);
    expect(fixture.lines.some((l) => l.event === "cluster_stopped")).toBe(true);
  });
});
