import type { Logger } from "@qrg/core";
import {
  createSafetyGates,
  type SafetyGates,
  type SafetyGatesOptions,
} from "../../src/create-safety-gates.ts";

/** A Logger that keeps what it is given, for asserting on structured records. */
export function recordingLogger(): Logger & {
  records: { level: string; fields: Record<string, unknown>; message: string }[];
} {
  const records: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      records.push({ level, fields, message });
    };
  return { records, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export function gates(options: SafetyGatesOptions = {}): Promise<SafetyGates> {
  return createSafetyGates(options);
}
