import { loadConfig } from "../config.ts";
import { storageInit } from "../storage/storage-commands.ts";
import { type CommandResult, UsageError } from "./usage.ts";

/** `qrg-api storage init`: prepares the configured bucket (S3) or says the embedded store needs nothing. */
export async function storageInitCommand(args: string[]): Promise<CommandResult> {
  if (args.length > 0) throw new UsageError(`storage init takes no arguments, got ${args.join(" ")}`);
  const config = loadConfig();
  await storageInit(config, config.dataDir, (line) => process.stdout.write(`${line}\n`));
  return 0;
}
