import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runWithFileTrace } from "../testing/index.ts";

// Imports `specifier` in a fresh node process and prints the paths it opened as JSON.
const TRACE = `
await import(process.argv[1]);
process.stdout.write(JSON.stringify(opened));
`;

const packageDir = fileURLToPath(new URL("..", import.meta.url));

function pathsOpenedByImporting(specifier: string): string[] {
  return JSON.parse(runWithFileTrace(TRACE, specifier, packageDir)) as string[];
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
