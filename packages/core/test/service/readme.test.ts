import { describe, expect, it } from "vitest";
import { readmeTypeScriptBlocks, runTypeScriptBlock } from "../../testing/index.ts";

const readme = new URL("../../README.md", import.meta.url);
const packageDir = new URL("../..", import.meta.url);

describe("the README's orchestration example", () => {
  it("generates, stores and validates an artifact through QRGService", async () => {
    // The orchestration section's example is fenced as `typescript`, apart from the package's other examples.
    const example = (await readmeTypeScriptBlocks(readme, "typescript")).find((block) =>
      block.includes("new QRGService("),
    );
    expect(example).toBeDefined();
    const { stdout } = await runTypeScriptBlock(example!, packageDir);
    expect(stdout).toMatch(/^approved sha256:[0-9a-f]{64}$/m);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "{ valid: true, hash_match: true, signature_valid: true, provenance_verified: true }",
    );
  });
});
