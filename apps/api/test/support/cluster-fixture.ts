// A small server run under the real cluster primary, for test/cluster.test.ts: each worker counts its
// requests in its own prom-client registry; /metrics answers the primary's aggregate of all workers.
// Routes: /pid (this worker's pid), /quota (7 per minute, counted by the primary), /slow (answers after 700 ms), /crash (the worker exits at once).
import cluster from "node:cluster";
import { createServer } from "node:http";
import { Counter, Registry } from "prom-client";
import { workerMetricsSource } from "../../src/cluster/cluster-metrics.ts";
import { startClusterPrimary } from "../../src/cluster/cluster-primary.ts";
import { ClusterQuotaStore } from "../../src/cluster/cluster-quota-store.ts";

const log = (level: string) => (fields: Record<string, unknown>, msg: string) =>
  process.stdout.write(`${JSON.stringify({ level, ...fields, msg })}\n`);
const logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };

if (cluster.isPrimary) {
  const primary = startClusterPrimary({ workers: 2, logger, drainTimeoutMs: 5000, respawnDelayMs: 50 });
  await primary.ready;
  process.stdout.write(`${JSON.stringify({ event: "ready" })}\n`);
} else {
  const registry = new Registry();
  const requests = new Counter({ name: "fixture_requests_total", help: "requests", registers: [registry] });
  const metrics = workerMetricsSource(registry);
  const quotas = new ClusterQuotaStore();
  const server = createServer((req, res) => {
    requests.inc();
    if (req.url === "/metrics") {
      metrics().then(
        (text) => res.end(text),
        (error) => res.writeHead(500).end(String(error)),
      );
    } else if (req.url === "/quota") {
      quotas.consume("fixture-user", 7, 60_000, Date.now()).then(
        (decision) => res.writeHead(decision.allowed ? 200 : 429).end(),
        (error) => res.writeHead(503).end(String(error)),
      );
    } else if (req.url === "/slow") {
      setTimeout(() => res.end("done"), 700);
    } else if (req.url === "/crash") {
      process.exit(3);
    } else {
      res.end(String(process.pid));
    }
  });
  server.listen(Number(process.env.FIXTURE_PORT), "127.0.0.1", () => {
    const address = server.address();
    if (address && typeof address !== "string") {
      process.stdout.write(
        `${JSON.stringify({ event: "worker_listening", port: address.port, pid: process.pid })}\n`,
      );
    }
  });
  process.once("SIGTERM", () => {
    // Graceful: stop accepting, let in-flight requests finish, then exit.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
