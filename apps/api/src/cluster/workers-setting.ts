import { availableParallelism } from "node:os";
import { QRGError } from "@qrg/core";

/**
 * How many worker processes `QRG_WORKERS` asks for: `auto` (the default) = the machine's cores, a positive
 * integer = that many, `1` = a single process (no primary, today's behaviour).
 */
export function resolveWorkerCount(
  setting: string | undefined,
  cores: number = availableParallelism(),
): number {
  const value = (setting ?? "auto").trim().toLowerCase();
  if (value === "auto" || value === "") return Math.max(1, cores);
  if (/^[1-9]\d{0,3}$/.test(value)) return Number(value);
  throw new QRGError(
    "config_error",
    `QRG_WORKERS must be "auto" or a positive integer, got ${JSON.stringify(setting)}`,
  );
}
