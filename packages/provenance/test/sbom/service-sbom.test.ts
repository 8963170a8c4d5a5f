import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateSbom } from "@qrg/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultDataFiles, generateServiceSbom } from "../../src/sbom/index.ts";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const fixtureDir = "packages/provenance/test/sbom/fixtures";
const dataFiles = [`${fixtureDir}/lexicon.en.json`, `${fixtureDir}/gate-policy.json`];
const fixedTime = new Date("2025-01-02T03:04:05.000Z");

interface CdxComponent {
  type: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  "bom-ref"?: string;
  hashes?: Array<{ alg: string; content: string }>;
  licenses?: Array<{ license?: { id?: string; name?: string }; expression?: string }>;
}
interface CdxBom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp?: string; component: CdxComponent };
  components: CdxComponent[];
  dependencies: Array<{ ref: string; dependsOn?: string[] }>;
}

const decode = (bytes: Uint8Array): CdxBom => JSON.parse(new TextDecoder().decode(bytes)) as CdxBom;
const sha256Hex = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

describe("generateServiceSbom", () => {
  let bytes: Uint8Array;
  let bom: CdxBom;

  beforeAll(async () => {
    bytes = await generateServiceSbom({ rootDir: repoRoot, dataFiles, timestamp: fixedTime });
    bom = decode(bytes);
  });

  it("produces CycloneDX 1.6 that the library's strict JSON validator accepts", async () => {
    expect(bom.bomFormat).toBe("CycloneDX");
    expect(bom.specVersion).toBe("1.6");
    await expect(validateSbom(bytes)).resolves.toEqual({ valid: true, errors: [] });
  });

  it("describes @qrg/api as the root application with its version", async () => {
    const api = JSON.parse(await readFile(join(repoRoot, "apps/api/package.json"), "utf8")) as {
      version: string;
    };
    expect(bom.metadata.component).toMatchObject({
      type: "application",
      group: "@qrg",
      name: "api",
      version: api.version,
      purl: `pkg:npm/%40qrg/api@${api.version}`,
    });
    expect(bom.metadata.timestamp).toBe(fixedTime.toISOString());
  });

  it.each([
    ["hono", undefined, "hono"],
    ["zod", undefined, "zod"],
    ["@noble/post-quantum", "@noble", "post-quantum"],
  ])("lists %s with its purl, licence and the lockfile's SHA-512 in hex", (fullName, group, name) => {
    const component = bom.components.find((c) => c.name === name && c.group === group);
    expect(component, `${fullName} missing from the SBOM`).toBeDefined();
    const encoded = fullName.replace("@", "%40");
    expect(component?.purl).toBe(`pkg:npm/${encoded}@${component?.version}`);
    expect(component?.["bom-ref"]).toBe(component?.purl);
    expect(component?.hashes).toEqual([
      { alg: "SHA-512", content: expect.stringMatching(/^[0-9a-f]{128}$/) },
    ]);
    expect(component?.licenses?.[0]?.license?.id).toBe("MIT");
  });

  it("takes the SHA-512 from the lockfile's integrity field", async () => {
    const lock = await readFile(join(repoRoot, "pnpm-lock.yaml"), "utf8");
    const hono = bom.components.find((c) => c.name === "hono");
    const integrity = new RegExp(
      `\\n  hono@${hono?.version?.replaceAll(".", "\\.")}:\\n    resolution: \\{integrity: sha512-([^}]+)\\}`,
    ).exec(lock)?.[1];
    expect(integrity).toBeDefined();
    expect(hono?.hashes?.[0]?.content).toBe(Buffer.from(integrity ?? "", "base64").toString("hex"));
  });

  it("keeps devDependencies of the workspace out of the SBOM", () => {
    const names = bom.components.map((c) => (c.group ? `${c.group}/${c.name}` : c.name));
    for (const dev of ["vitest", "typescript", "@biomejs/biome", "turbo", "fast-check", "autocannon"]) {
      expect(names).not.toContain(dev);
    }
  });

  it("records the dependency graph of each component", () => {
    const api = bom.dependencies.find((d) => d.ref === bom.metadata.component["bom-ref"]);
    expect(api?.dependsOn).toEqual(expect.arrayContaining([`pkg:npm/hono@${versionOf(bom, "hono")}`]));
    expect(api?.dependsOn).toContain("pkg:npm/%40qrg/provenance@0.1.0");
    const provenance = bom.dependencies.find((d) => d.ref === "pkg:npm/%40qrg/provenance@0.1.0");
    expect(provenance?.dependsOn).toContain(
      `pkg:npm/%40noble/post-quantum@${versionOf(bom, "post-quantum")}`,
    );
    const refs = new Set([bom.metadata.component["bom-ref"], ...bom.components.map((c) => c["bom-ref"])]);
    for (const dependency of bom.dependencies) {
      for (const target of dependency.dependsOn ?? []) expect(refs.has(target), target).toBe(true);
    }
  });

  it("lists the lexicon and the gate policy as data components with their SHA-256", async () => {
    for (const path of dataFiles) {
      const component = bom.components.find((c) => c.name === path);
      expect(component?.type).toBe("data");
      expect(component?.hashes).toEqual([{ alg: "SHA-256", content: await sha256Hex(join(repoRoot, path)) }]);
      const api = bom.dependencies.find((d) => d.ref === bom.metadata.component["bom-ref"]);
      expect(api?.dependsOn).toContain(`data:${path}`);
    }
  });

  it("lists the real lexicon and every gate data file by default", async () => {
    const defaults = decode(await generateServiceSbom({ rootDir: repoRoot, timestamp: fixedTime }));
    const expected = await defaultDataFiles(repoRoot);
    expect(expected).toContain("packages/engine/data/lexicon.json");
    expect(expected.filter((path) => path.startsWith("packages/gates/data/")).length).toBeGreaterThan(0);
    expect(expected.every((path) => !path.endsWith(".ts") && !path.endsWith(".md"))).toBe(true);
    const data = defaults.components.filter((c) => c.type === "data");
    expect(data.map((c) => c.name)).toEqual(expected);
    for (const component of data) {
      expect(component.hashes).toEqual([
        { alg: "SHA-256", content: await sha256Hex(join(repoRoot, component.name)) },
      ]);
    }
  });

  it("gives the same bytes for the same inputs, serial number included", async () => {
    const again = await generateServiceSbom({ rootDir: repoRoot, dataFiles, timestamp: fixedTime });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("derives a different serial number when the content differs", async () => {
    const other = decode(
      await generateServiceSbom({
        rootDir: repoRoot,
        dataFiles: dataFiles.slice(0, 1),
        timestamp: fixedTime,
      }),
    );
    expect(other.serialNumber).not.toBe(bom.serialNumber);
  });

  it("takes the timestamp from SOURCE_DATE_EPOCH when none is given", async () => {
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = "1700000000";
    try {
      const stamped = decode(await generateServiceSbom({ rootDir: repoRoot, dataFiles }));
      expect(stamped.metadata.timestamp).toBe("2023-11-14T22:13:20.000Z");
      process.env.SOURCE_DATE_EPOCH = "yesterday";
      await expect(generateServiceSbom({ rootDir: repoRoot, dataFiles })).rejects.toMatchObject({
        code: "validation_error",
      });
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
  });

  it("fails with a config error when a data file is missing", async () => {
    await expect(
      generateServiceSbom({ rootDir: repoRoot, dataFiles: ["packages/engine/data/no-such-lexicon.json"] }),
    ).rejects.toMatchObject({ code: "config_error" });
  });
});

describe("defaultDataFiles", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "qrg-sbom-data-"));
    await mkdir(join(root, "packages/engine/data"), { recursive: true });
    await mkdir(join(root, "packages/gates/data/wordlists/en"), { recursive: true });
    await writeFile(join(root, "packages/engine/data/lexicon.en.json"), "{}");
    await writeFile(join(root, "packages/engine/data/README.md"), "not a lexicon");
    await writeFile(join(root, "packages/gates/data/policy.json"), "{}");
    await writeFile(join(root, "packages/gates/data/wordlists/en/slurs.txt"), "x\n");
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("finds the JSON lexicons and every gate data file, sorted", async () => {
    await expect(defaultDataFiles(root)).resolves.toEqual([
      "packages/engine/data/lexicon.en.json",
      "packages/gates/data/policy.json",
      "packages/gates/data/wordlists/en/slurs.txt",
    ]);
  });

  it("finds nothing where the data directories do not exist", async () => {
    await expect(defaultDataFiles(join(root, "packages"))).resolves.toEqual([]);
  });
});

describe("validateSbom", () => {
  it("rejects a document that breaks the CycloneDX 1.6 schema", async () => {
    const broken = { bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components: [{ name: "x" }] };
    const result = await validateSbom(new TextEncoder().encode(JSON.stringify(broken)));
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toMatch(/\/components\/0 .*type/);
  });

  it("rejects bytes that are not JSON", async () => {
    const result = await validateSbom(new TextEncoder().encode("{not json"));
    expect(result).toMatchObject({ valid: false, errors: [expect.stringMatching(/^not JSON/)] });
  });
});

function versionOf(bom: CdxBom, name: string): string | undefined {
  return bom.components.find((c) => c.name === name)?.version;
}
