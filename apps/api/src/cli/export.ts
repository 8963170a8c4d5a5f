import { loadConfig } from "../config.ts";
import { exportStore } from "../storage/storage-commands.ts";
import { type CommandResult, UsageError } from "./usage.ts";

/** `qrg-api export DIR`: writes the embedded store as per-artifact files into DIR. */
export async function exportCommand(args: string[]): Promise<CommandResult> {
  if (args.length !== 1) throw new UsageError("export takes one target directory");
  const config = loadConfig();
  await exportStore(config, config.dataDir, args[0], (line) => process.stdout.write(`${line}\n`));
  return 0;
}
