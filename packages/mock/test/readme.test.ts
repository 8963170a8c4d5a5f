import { readmeTypeScriptBlocks, runTypeScriptBlock } from "@qrg/core/testing";
import { describe, expect, it } from "vitest";

const readme = new URL("../README.md", import.meta.url);
const packageDir = new URL("..", import.meta.url);

describe("the README's usage example", () => {
  it("generates a mock artifact, validates it and reports the -mock version", async () => {
    const [usage] = await readmeTypeScriptBlocks(readme);
    expect(usage).toBeDefined();
    const { stdout } = await runTypeScriptBlock(usage!, packageDir);
    const text = stdout.replace(/\s+/g, " ");
    expect(text).toMatch(/mock:\/\/artifacts\/[0-9a-f-]{36}/);
    expect(text).toContain(
      "{ valid: true, hash_match: true, signature_valid: true, provenance_verified: true }",
    );
    expect(text).toMatch(/\d+\.\d+\.\d+-mock/);
  });
});
