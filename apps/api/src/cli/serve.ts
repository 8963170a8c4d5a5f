import { loadConfig } from "../config.ts";
import { startServer } from "../server.ts";
import type { CommandResult } from "./usage.ts";

/** `qrg-api serve`: starts the API from the environment and shuts down gracefully on SIGTERM/SIGINT. */
export async function serveCommand(): Promise<CommandResult> {
  const server = await startServer(loadConfig());
  const stop = (signal: string) => {
    process.stderr.write(`received ${signal}: shutting down gracefully\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  process.stdout.write(`QRG API listening on ${server.url}\n`);
  return "running";
}
