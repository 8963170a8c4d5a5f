import { parseArgs } from "node:util";
import { writeSbomFile } from "../compose/sbom.ts";
import { loadConfig } from "../config.ts";
import type { CommandResult } from "./usage.ts";

/** `qrg-api sbom`: regenerates the service SBOM and prints its path and digest. */
export async function sbomCommand(args: string[]): Promise<CommandResult> {
  const { values } = parseArgs({ args, options: { out: { type: "string" } } });
  const result = await writeSbomFile(loadConfig(), values.out);
  process.stdout.write(`${result.path}\n${result.digest}\n`);
  return 0;
}
