import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe("README.md", () => {
  it("runs its example (a fresh node process importing @qrg/schema) and prints the resolved defaults", () => {
    expect(examples).toHaveLength(1);
    const out = execFileSync(process.execPath, ["--input-type=module-typescript", "-e", examples[0]!], {
      cwd: packageDir,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(out).toContain("entropy_source: 'pseudo_rng'");
    expect(out).toContain("timeout_ms: 5000");
  });
});
