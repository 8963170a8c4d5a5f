// The README's example, run as written (Node strips the types), so the documentation cannot drift from the code.
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = new URL("../", import.meta.url);

describe("the README example", () => {
  it("runs and prints what the README says it prints", { timeout: 30_000 }, async () => {
    const readme = readFileSync(new URL("README.md", packageDir), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    // Inside the package, so `@qrg/gates` resolves to this package (self-reference through `exports`).
    const file = new URL(`.readme-example-${process.pid}.ts`, packageDir);
    writeFileSync(file, code!);
    try {
      const { stdout } = await run(process.execPath, [file.pathname], {
        env: { ...process.env, QRG_QUOTAS: "on" },
      });
      expect(stdout).toMatch(
        /^rejected tier\.advanced_features artifact_type visual requires tier 4 or above \(effective tier 2\)/,
      );
      expect(stdout).toContain("sha256:");
    } finally {
      rmSync(file, { force: true });
    }
  });
});
