import { parseArgs } from "node:util";
import type { KeyAlgorithm } from "@qrg/schema";
import { loadConfig } from "../config.ts";
import { openKeyRing } from "./key-ring.ts";
import { type CommandResult, KEYS_OPTIONS, UsageError } from "./usage.ts";

const ALGORITHMS: readonly string[] = ["ed25519", "ecdsa-p256", "ml-dsa-87"];

/** `qrg-api keys rotate`: adds a new active key; the previous one stays for verification. */
export async function keysRotateCommand(args: string[]): Promise<CommandResult> {
  const { values } = parseArgs({ args, options: KEYS_OPTIONS });
  const config = loadConfig();
  const algorithm = values.algorithm ?? "ed25519";
  if (!ALGORITHMS.includes(algorithm)) {
    throw new UsageError("--algorithm must be ed25519, ecdsa-p256 or ml-dsa-87");
  }
  const key = await (await openKeyRing(config)).rotate(algorithm as KeyAlgorithm);
  process.stdout.write(`${JSON.stringify(key, null, 2)}\n`);
  return 0;
}
