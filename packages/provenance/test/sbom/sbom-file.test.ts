import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadOrCreateSbom, writeServiceSbom } from "../../src/sbom/index.ts";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const dataFiles = ["packages/provenance/test/sbom/fixtures/lexicon.en.json"];
const timestamp = new Date("2025-01-02T03:04:05.000Z");

describe("loadOrCreateSbom", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "qrg-sbom-file-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("generates and writes the SBOM on first start, addressed by its sha256", async () => {
    const path = join(dir, "dist/sbom/qrg-service.cdx.json");
    const loaded = await loadOrCreateSbom({ rootDir: repoRoot, path, dataFiles, timestamp });
    const onDisk = await readFile(path);
    expect(Buffer.from(loaded.bytes).equals(onDisk)).toBe(true);
    expect(loaded.digest).toBe(`sha256:${createHash("sha256").update(onDisk).digest("hex")}`);
    expect(loaded.path).toBe(path);
  });

  it("loads the SBOM built at build time instead of regenerating it", async () => {
    const path = join(dir, "prebuilt.cdx.json");
    const prebuilt = JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1 });
    await writeFile(path, prebuilt);
    const loaded = await loadOrCreateSbom({ rootDir: repoRoot, path, dataFiles });
    expect(new TextDecoder().decode(loaded.bytes)).toBe(prebuilt);
    expect(loaded.digest).toBe(`sha256:${createHash("sha256").update(prebuilt).digest("hex")}`);
  });

  it("regenerates over an existing file when asked to", async () => {
    const path = join(dir, "stale.cdx.json");
    await writeFile(path, JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1 }));
    const loaded = await loadOrCreateSbom({
      rootDir: repoRoot,
      path,
      dataFiles,
      timestamp,
      regenerate: true,
    });
    expect(JSON.parse(new TextDecoder().decode(loaded.bytes)).metadata.component.name).toBe("api");
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(loaded.bytes))).toBe(true);
  });

  it("refuses a file that is not CycloneDX JSON rather than replacing it", async () => {
    const path = join(dir, "wrong.cdx.json");
    await writeFile(path, JSON.stringify({ spdxVersion: "SPDX-2.3" }));
    await expect(loadOrCreateSbom({ rootDir: repoRoot, path })).rejects.toMatchObject({
      code: "validation_error",
    });
    await writeFile(path, "garbage");
    await expect(loadOrCreateSbom({ rootDir: repoRoot, path })).rejects.toMatchObject({
      code: "validation_error",
    });
    expect(await readFile(path, "utf8")).toBe("garbage");
  });
});

describe("writeServiceSbom", () => {
  it("replaces a stale SBOM and leaves no temp file behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qrg-sbom-write-"));
    try {
      const path = join(dir, "out.cdx.json");
      await writeFile(path, "stale");
      const written = await writeServiceSbom({ rootDir: repoRoot, path, dataFiles, timestamp });
      expect(Buffer.from(await readFile(path)).equals(Buffer.from(written.bytes))).toBe(true);
      expect(await readdir(dir)).toEqual(["out.cdx.json"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
