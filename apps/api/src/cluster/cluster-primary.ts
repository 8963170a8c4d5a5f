import cluster, { type Worker } from "node:cluster";
import type { Logger } from "@qrg/core";
import { serveClusterMetrics } from "./cluster-metrics.ts";
import { serveClusterQuotas } from "./cluster-quota-store.ts";

export interface ClusterPrimaryOptions {
  /** Worker processes to keep running. */
  workers: number;
  logger: Logger;
  /**
   * How long a graceful shutdown waits for workers to drain before killing them.
   * @default 30000
   */
  drainTimeoutMs?: number;
  /**
   * Minimum time between two replacements of dead workers, so a worker that dies at start cannot spin
   * the machine.
   * @default 1000
   */
  respawnDelayMs?: number;
}

export interface ClusterPrimary {
  /** Resolves once every worker is listening. */
  ready: Promise<void>;
  /** Drains and stops every worker (what SIGTERM does). */
  shutdown(): Promise<void>;
}

/**
 * The primary of `QRG_WORKERS` > 1: forks the workers (the same entry point; node:cluster shares the
 * listening port among them), replaces a worker that dies and logs it, serves the aggregated metrics and
 * the shared quota counters (workers use them when no Redis is configured), and
 * on SIGTERM or SIGINT asks every worker to drain (each closes its server, finishes in-flight requests and
 * closes its store) before exiting. The primary itself serves no request and opens no store.
 */
export function startClusterPrimary(options: ClusterPrimaryOptions): ClusterPrimary {
  const { logger } = options;
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  const respawnDelayMs = options.respawnDelayMs ?? 1000;
  let stopping: Promise<void> | undefined;
  let lastRespawn = 0;
  serveClusterMetrics();
  serveClusterQuotas();

  const fork = (): Worker => cluster.fork();
  const listening = new Set<number>();
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    if (listening.size >= options.workers) {
      everReady = true;
      markReady();
    }
  });
  let everReady = false;
  cluster.on("exit", (worker, code, signal) => {
    const wasListening = listening.delete(worker.id);
    if (stopping) return;
    if (!everReady && !wasListening) {
      // A worker that fails before it ever listened fails on configuration (a bad policy, an unreadable
      // key): replacing it would loop for ever. Stop everything and exit non-zero, as a single process would.
      logger.error(
        { event: "worker_start_failed", pid: worker.process.pid, code, signal },
        "a worker failed to start; stopping",
      );
      shutdown().finally(() => process.exit(1));
      return;
    }
    logger.error(
      { event: "worker_died", pid: worker.process.pid, code, signal },
      "a worker process died; starting a replacement",
    );
    const wait = Math.max(0, lastRespawn + respawnDelayMs - Date.now());
    lastRespawn = Date.now() + wait;
    setTimeout(() => {
      if (!stopping) fork();
    }, wait);
  });
  for (let i = 0; i < options.workers; i++) fork();
  logger.info(
    { event: "cluster_started", workers: options.workers, pid: process.pid },
    "primary started its workers",
  );

  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      logger.info({ event: "cluster_draining", workers: workers.length }, "draining every worker");
      await Promise.all(workers.map((worker) => drain(worker, drainTimeoutMs)));
      logger.info({ event: "cluster_stopped" }, "every worker has stopped");
    })();
    return stopping;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      shutdown().finally(() => process.exit(0));
    });
  }
  return { ready, shutdown };
}

/** SIGTERM (the worker's own graceful shutdown), SIGKILL after the timeout; resolves on exit. */
function drain(worker: Worker, timeoutMs: number): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.process.kill("SIGKILL"), timeoutMs);
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill("SIGTERM");
  });
}
