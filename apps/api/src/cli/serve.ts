import cluster from "node:cluster";
import { createLogger } from "@qrg/telemetry";
import { startClusterPrimary } from "../cluster/cluster-primary.ts";
import { resolveWorkerCount } from "../cluster/workers-setting.ts";
import { loadConfig } from "../config.ts";
import { startServer } from "../server.ts";
import type { CommandResult } from "./usage.ts";

/**
 * `qrg-api serve`: starts the API from the environment and shuts down gracefully on SIGTERM/SIGINT. With
 * `QRG_WORKERS` > 1 this process becomes the cluster primary, which only supervises: each worker runs
 * this same command and serves on the shared port.
 */
export async function serveCommand(): Promise<CommandResult> {
  const config = loadConfig();
  const workers = resolveWorkerCount(config.QRG_WORKERS);
  if (workers > 1 && cluster.isPrimary) {
    startClusterPrimary({ workers, logger: createLogger({ base: { service: "qrg-api", role: "primary" } }) });
    return "running";
  }
  const server = await startServer(config);
  const stop = (signal: string) => {
    process.stderr.write(`received ${signal}: shutting down gracefully\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  // A worker whose primary is gone (killed with SIGKILL) gets no more connections: drain and exit.
  if (cluster.isWorker) process.once("disconnect", () => stop("the primary's disconnect"));
  process.once("SIGINT", () => stop("SIGINT"));
  process.stdout.write(`QRG API listening on ${server.url}\n`);
  return "running";
}
