import { createCli } from "../../src/create-cli.ts";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs qrg-verify in-process with captured output, relative paths resolved in `cwd`. */
export async function runCli(argv: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const cli = createCli({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  });
  const exitCode = await cli.run(argv);
  return { exitCode, stdout, stderr };
}
