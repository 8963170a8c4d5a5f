import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Runs in a fresh node process: records every path the process opens through node:fs (sync, callback and
// promise APIs), then imports `specifier` and prints the opened paths as JSON.
const TRACE = `
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
const opened = [];
const trace = (target, names) => {
  for (const name of names) {
    const original = target[name];
    target[name] = function (path, ...rest) {
      opened.push(String(path));
      return original.call(this, path, ...rest);
    };
  }
};
trace(fs, ["readFileSync", "openSync", "readFile", "open", "createReadStream"]);
trace(fs.promises, ["readFile", "open"]);
syncBuiltinESMExports();
await import(process.argv[1]);
process.stdout.write(JSON.stringify(opened));
`;

const packageDir = fileURLToPath(new URL("..", import.meta.url));

function pathsOpenedByImporting(specifier: string): string[] {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", TRACE, specifier], {
    cwd: packageDir,
    encoding: "utf8",
    timeout: 20_000,
  });
  return JSON.parse(out) as string[];
}

describe("importing @qrg/core", () => {
  it("reads no lexicon (or any other data file) at module load", () => {
    const opened = pathsOpenedByImporting("@qrg/core");
    expect(opened.filter((path) => path.includes("lexicon"))).toEqual([]);
    expect(opened.filter((path) => path.endsWith(".json"))).toEqual([]);
  });

  it("is traced: the harness sees a file read at import time", () => {
    // A module that reads its own package.json when imported proves the trace would catch a lexicon read.
    const probe = `data:text/javascript,${encodeURIComponent(
      `import { readFileSync } from "node:fs"; readFileSync(${JSON.stringify(`${packageDir}/package.json`)});`,
    )}`;
    expect(pathsOpenedByImporting(probe)).toContain(`${packageDir}/package.json`);
  });
});
