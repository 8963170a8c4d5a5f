import { execFileSync } from "node:child_process";

// Patches node:fs (sync, callback and promise APIs) so that every path the process opens is pushed onto
// `opened`, a `let` the traced script may read and reset.
const PRELUDE = `
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
let opened = [];
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
`;

/**
 * Runs `script` (an ES module body that sees `opened`, the paths opened so far, and `process.argv[1]` = `arg`)
 * in a fresh node process from `cwd`, and returns its stdout. Used to prove what a module reads when imported.
 */
export function runWithFileTrace(script: string, arg: string, cwd: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", `${PRELUDE}${script}`, arg], {
    cwd,
    encoding: "utf8",
    timeout: 20_000,
  });
}
