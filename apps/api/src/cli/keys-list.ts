import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { openKeyRing } from "./key-ring.ts";
import { type CommandResult, KEYS_OPTIONS } from "./usage.ts";

/** `qrg-api keys list`: every signing key with status and validity, as JSON. */
export async function keysListCommand(args: string[]): Promise<CommandResult> {
  parseArgs({ args, options: KEYS_OPTIONS });
  const keys = await (await openKeyRing(loadConfig())).list();
  process.stdout.write(`${JSON.stringify({ keys }, null, 2)}\n`);
  return 0;
}
