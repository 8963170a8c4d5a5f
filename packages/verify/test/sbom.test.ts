import { hashBytes } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { verifySbom } from "../src/sbom.ts";

const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const sbom = utf8({
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  components: [{ type: "library", name: "zod", version: "4.6.7", purl: "pkg:npm/zod@4.6.7" }],
});

describe("verifySbom", () => {
  it("accepts valid CycloneDX 1.6 JSON with the expected digest", async () => {
    const report = await verifySbom(sbom, hashBytes("sha256", sbom));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report).toMatchObject({ valid: true, digest: hashBytes("sha256", sbom) });
  });

  it("fails the digest check when a byte differs", async () => {
    const tampered = sbom.slice();
    tampered[tampered.length - 3]! ^= 1;
    const report = await verifySbom(tampered, hashBytes("sha256", sbom));
    expect(report.checks.find((c) => c.name === "sbom.digest")?.ok).toBe(false);
  });

  it("fails a document the CycloneDX schema refuses", async () => {
    const report = await verifySbom(
      utf8({ bomFormat: "CycloneDX", specVersion: "1.6", components: [{ name: 1 }] }),
    );
    expect(report.valid).toBe(false);
    expect(report.checks.map((c) => c.name)).toEqual(["sbom.cyclonedx"]);
  });

  it("fails text that is not JSON", async () => {
    const report = await verifySbom(new TextEncoder().encode("<bom/>"));
    expect(report.checks[0]).toMatchObject({ name: "sbom.cyclonedx", ok: false });
    expect(report.checks[0]!.detail).toContain("not JSON");
  });
});
