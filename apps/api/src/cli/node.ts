import { QRGValidationError } from "@qrg/core";
import { loadConfig } from "../config.ts";
import { startMeshNode } from "../consensus/start-node.ts";
import { createUrlBuilder } from "../urls.ts";
import type { CommandResult } from "./usage.ts";

/**
 * `qrg-api node`: a mesh node, configured like the API (its own QRG_DATA_DIR, keys, policy) plus QRG_NODE_ID
 * and QRG_REDIS_URL. It consumes its own queue, runs the whole pipeline per job and answers with a signed
 * vote; SIGTERM/SIGINT finish the jobs in hand and stop.
 */
export async function nodeCommand(): Promise<CommandResult> {
  const config = loadConfig();
  if (!config.QRG_NODE_ID || !config.QRG_REDIS_URL) {
    throw new QRGValidationError("qrg-api node needs QRG_NODE_ID and QRG_REDIS_URL", [
      ...(config.QRG_NODE_ID ? [] : [{ path: "QRG_NODE_ID", message: "required for a mesh node, e.g. n1" }]),
      ...(config.QRG_REDIS_URL ? [] : [{ path: "QRG_REDIS_URL", message: "required for a mesh node" }]),
    ]);
  }
  // Nodes serve no HTTP: artifact URLs name the public API that serves the agreed artifacts.
  const base = config.QRG_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  const running = await startMeshNode(
    config,
    { nodeId: config.QRG_NODE_ID, redisUrl: config.QRG_REDIS_URL },
    createUrlBuilder(() => base),
  );
  const stop = (signal: string) => {
    process.stderr.write(`received ${signal}: node ${config.QRG_NODE_ID} stopping\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  process.stdout.write(
    `QRG mesh node ${config.QRG_NODE_ID} consuming its queue on ${redactUrl(config.QRG_REDIS_URL)}\n`,
  );
  return "running";
}

/** The Redis URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}
