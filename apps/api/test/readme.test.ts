import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readmeTypeScriptBlocks, runTypeScriptBlock } from "@qrg/core/testing";
import { describe, expect, it } from "vitest";

const readme = new URL("../README.md", import.meta.url);
const packageDir = new URL("..", import.meta.url);

describe("the README's embedding example", () => {
  it("starts the real service on a free port, answers health and serves its OpenAPI document", async () => {
    const blocks = await readmeTypeScriptBlocks(readme);
    expect(blocks).toHaveLength(1);
    const dataDir = await mkdtemp(join(tmpdir(), "qrg-readme-"));
    try {
      const { stdout } = await runTypeScriptBlock(blocks[0]!, packageDir, {
        QRG_DATA_DIR: dataDir,
        QRG_LOG_LEVEL: "error",
      });
      expect(stdout).toMatch(/^200 healthy$/m);
      expect(stdout).toMatch(/^1\d documented paths$/m);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
