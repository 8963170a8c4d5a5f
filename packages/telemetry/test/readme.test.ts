import { readmeTypeScriptBlocks, runTypeScriptBlock } from "@qrg/core/testing";
import { describe, expect, it } from "vitest";

const readme = new URL("../README.md", import.meta.url);
const packageDir = new URL("..", import.meta.url);

describe("the README's examples", () => {
  it("has the two examples this test runs", async () => {
    expect(await readmeTypeScriptBlocks(readme)).toHaveLength(2);
  });

  it("runs the usage example: a span under the caller's trace, metrics and a redacted log line", async () => {
    const [usage] = await readmeTypeScriptBlocks(readme);
    const { stdout } = await runTypeScriptBlock(usage!, packageDir, { QRG_LOG_LEVEL: "info" });
    expect(stdout).toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(stdout).toMatch(/qrg_generations_total\{[^}]*status="success"[^}]*\} 1/);
    expect(stdout).toContain('"seed":"[REDACTED]"');
  });

  it("runs the testing example against a real Prometheus", async () => {
    const [, testing] = await readmeTypeScriptBlocks(readme);
    const { stdout } = await runTypeScriptBlock(testing!, packageDir);
    expect(stdout).toContain("every dashboard query ran");
  }, 90_000);
});
