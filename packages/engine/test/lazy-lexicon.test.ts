import { fileURLToPath } from "node:url";
import { runWithFileTrace } from "@qrg/core/testing";
import { describe, expect, it } from "vitest";
import { input } from "./helpers.ts";

// Imports @qrg/engine in a fresh node process, runs `steps` (a JS expression over the imported module
// `engine`) and prints the paths opened per phase.
const TRACE = `
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
  const out = runWithFileTrace(TRACE, JSON.stringify(steps), packageDir);
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
