import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The ```ts blocks of a README, in order. */
export async function readmeTypeScriptBlocks(readme: URL): Promise<string[]> {
  const text = await readFile(readme, "utf8");
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/**
 * Runs a README block as an ES module with Node's type stripping, from `cwd` so that the package resolves
 * itself by name exactly as a user's code would.
 */
export async function runTypeScriptBlock(
  code: string,
  cwd: URL,
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ["--input-type=module-typescript", "--eval", code], {
    cwd,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}
