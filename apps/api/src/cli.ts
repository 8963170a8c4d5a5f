#!/usr/bin/env node
// qrg-api: dispatches to one module per command (src/cli/).
import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { isQRGError } from "@qrg/core";
import { type CommandResult, KEYS_OPTIONS, USAGE, UsageError } from "./cli/usage.ts";

// Commands load on demand: `keys list` or `token` should not pay for the HTTP server, gates and engine.
async function main(argv: string[]): Promise<CommandResult> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve":
      return (await import("./cli/serve.ts")).serveCommand();
    case "node":
      return (await import("./cli/node.ts")).nodeCommand();
    case "token":
      return (await import("./cli/token.ts")).tokenCommand(rest);
    case "keys": {
      const [sub, ...args] = rest;
      if (sub === "list") return (await import("./cli/keys-list.ts")).keysListCommand(args);
      if (sub === "rotate") return (await import("./cli/keys-rotate.ts")).keysRotateCommand(args);
      parseArgs({ args, options: KEYS_OPTIONS }); // an unknown flag is reported before the sub-command
      throw new UsageError("keys takes list or rotate");
    }
    case "audit": {
      const [sub, ...args] = rest;
      if (sub === "verify") return (await import("./cli/audit.ts")).auditVerifyCommand(args);
      if (sub === "tail") return (await import("./cli/audit.ts")).auditTailCommand(args);
      throw new UsageError("audit takes verify or tail");
    }
    case "sbom":
      return (await import("./cli/sbom.ts")).sbomCommand(rest);
    case "storage": {
      const [sub, ...args] = rest;
      if (sub === "init") return (await import("./cli/storage-init.ts")).storageInitCommand(args);
      throw new UsageError("storage takes init");
    }
    case "export":
      return (await import("./cli/export.ts")).exportCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (result) => {
    if (result !== "running") process.exitCode = result;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      process.stderr.write(`qrg-api: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (isQRGError(error)) {
      process.stderr.write(`qrg-api: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`qrg-api: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
    // A cluster worker's channel to its primary would keep it alive: a failed start must end it.
    if (cluster.isWorker) process.exit();
  },
);
