import { readmeTypeScriptBlocks, runTypeScriptBlock } from "@qrg/core/testing";
import { describe, expect, it } from "vitest";
import { generateArtifact, LEXICON_NAME, loadLexicon } from "../src/index.ts";
import { input } from "./helpers.ts";

const packageDir = new URL("..", import.meta.url);
const examples = await readmeTypeScriptBlocks(new URL("../README.md", import.meta.url));

describe("README.md", () => {
  it("has exactly one TypeScript example", () => {
    expect(examples).toHaveLength(1);
  });

  it("runs its example as a user would (a fresh node process importing @qrg/engine) and prints what the comments say", async () => {
    const { stdout } = await runTypeScriptBlock(examples[0]!, packageDir);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("calm tide glyph canyon lantern belonging");
    expect(lines[1]).toMatch(/^sha256:f26a[0-9a-f]{60}$/);
    expect(lines[2]).toMatch(/^svg image\/svg\+xml \d+ bytes$/);
    expect(lines[3]).toBe(`${LEXICON_NAME} ${loadLexicon().digest}`);
    // The same artifact the engine gives in this process.
    const artifact = generateArtifact(
      input({
        context: {
          intent: "a calm lantern over the tide",
          cultural_context: { accessibility_needs: ["high_contrast"] },
        },
        options: { artifact_type: "visual" },
      }),
    );
    expect(lines[1]).toBe(artifact.hash);
  });
});
