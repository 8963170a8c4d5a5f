import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { input } from "./helpers.ts";

// Runs in a fresh node process: records every path opened through node:fs, imports @qrg/engine, runs
// `steps` (a JS expression over the imported module `engine`) and prints the opened paths per phase.
const TRACE = `
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
const engine = await import("@qrg/engine");
const phases = { import: opened };
for (const [name, step] of Object.entries(JSON.parse(process.argv[1]))) {
  opened = [];
  new Function("engine", step)(engine);
  phases[name] = opened;
}
process.stdout.write(JSON.stringify(phases));
`;

const packageDir = fileURLToPath(new URL("..", import.meta.url));

function lexiconReads(steps: Record<string, string>): Record<string, number> {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", TRACE, JSON.stringify(steps)], {
    cwd: packageDir,
    encoding: "utf8",
    timeout: 20_000,
  });
  const phases = JSON.parse(out) as Record<string, string[]>;
  return Object.fromEntries(
    Object.entries(phases).map(([phase, paths]) => [
      phase,
      paths.filter((p) => p.endsWith("data/lexicon.json")).length,
    ]),
  );
}

describe("the lexicon is loaded lazily", () => {
  it("is not read by importing the engine or using its constants, and read on first use only", () => {
    const reads = lexiconReads({
      constants: "engine.ENGINE_VERSION; engine.LEXICON_NAME; engine.contrastRatio('#000', '#fff');",
      firstUse: "engine.loadLexicon();",
      generate: `engine.generateArtifact(${JSON.stringify(input({ options: { artifact_type: "multimodal" } }))});`,
      lookup: "engine.lookupLexicon('resonance');",
    });
    expect(reads.firstUse).toBeGreaterThan(0);
    expect({ ...reads, firstUse: "read" }).toEqual({
      import: 0,
      constants: 0,
      firstUse: "read",
      generate: 0,
      lookup: 0,
    });
  });
});
