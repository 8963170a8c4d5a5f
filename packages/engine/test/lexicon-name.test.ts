import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LEXICON_NAME, loadLexicon } from "../src/index.ts";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("the lexicon's name in attestations", () => {
  it("is path-free and stable: urn:qrg:lexicon:lexicon.json, whatever the install directory", () => {
    expect(LEXICON_NAME).toBe("lexicon.json");
    expect(isAbsolute(LEXICON_NAME)).toBe(false);
    expect(LEXICON_NAME).not.toMatch(/[/\\]/);
    const uri = `urn:qrg:lexicon:${LEXICON_NAME}`;
    expect(uri).not.toContain(packageDir);
    expect(uri).not.toContain("packages/");
  });

  it("names the file the digest is taken of", () => {
    const lexicon = loadLexicon();
    expect(lexicon.path.endsWith(`/data/${LEXICON_NAME}`)).toBe(true);
    expect(lexicon.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
