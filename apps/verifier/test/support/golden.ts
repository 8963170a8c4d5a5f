import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import type { CliRun } from "./run-cli.ts";

const GOLDEN_DIR = join(import.meta.dirname, "..", "golden");
/** `UPDATE_GOLDEN=1 pnpm vitest run --project @qrg/verifier` rewrites the golden files. */
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Replaces run-specific text (the test server's port) so output is the same on every run. */
export function normalise(text: string): string {
  return text.replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://127.0.0.1:PORT");
}

/** Human output goes to NAME.txt as a transcript; --json output to NAME.json with the exit status. */
export async function expectGolden(name: string, argv: readonly string[], run: CliRun): Promise<void> {
  const isJson = argv.includes("--json");
  const path = join(GOLDEN_DIR, `${name}.${isJson ? "json" : "txt"}`);
  const actual = isJson
    ? `${JSON.stringify(
        {
          argv: argv.map(normalise),
          exit: run.exitCode,
          stdout: run.stdout ? JSON.parse(normalise(run.stdout)) : null,
          stderr: normalise(run.stderr),
        },
        null,
        2,
      )}\n`
    : normalise(
        `$ qrg-verify ${argv.join(" ")}\n[exit ${run.exitCode}]\n[stdout]\n${run.stdout}[stderr]\n${run.stderr}`,
      );
  if (UPDATE) {
    await mkdir(GOLDEN_DIR, { recursive: true });
    await writeFile(path, actual);
    return;
  }
  if (!existsSync(path))
    throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(await readFile(path, "utf8"));
}
