import { readmeTypeScriptBlocks, runTypeScriptBlock } from "@qrg/core/testing";
import { describe, expect, it } from "vitest";

const readme = new URL("../README.md", import.meta.url);
const packageDir = new URL("../", import.meta.url);
const blocks = await readmeTypeScriptBlocks(readme);

describe("README examples", () => {
  it("has the examples this test runs", () => {
    expect(blocks.length).toBe(3);
  });

  it.each(blocks.map((code, index) => [index + 1, code] as const))("example %i runs", async (_, code) => {
    await expect(runTypeScriptBlock(code, packageDir)).resolves.toBeDefined();
  });
});
