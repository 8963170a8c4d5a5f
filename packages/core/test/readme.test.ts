import { describe, expect, it } from "vitest";
import { readmeTypeScriptBlocks, runTypeScriptBlock } from "../testing/index.ts";

const packageDir = new URL("..", import.meta.url);
const examples = await readmeTypeScriptBlocks(new URL("../README.md", import.meta.url));

describe("README.md", () => {
  it("has at least one TypeScript example, and every one runs", async () => {
    expect(examples.length).toBeGreaterThanOrEqual(1);
    for (const example of examples) await runTypeScriptBlock(example, packageDir);
  });

  it("prints what the first example's comments say", async () => {
    const { stdout } = await runTypeScriptBlock(examples[0]!, packageDir);
    expect(stdout.trimEnd().split("\n")).toEqual([
      "true sha256:",
      "true validation_error qrg_id,expected_hash",
    ]);
  });
});
