import { canonicalJsonBytes, hashBytes } from "@qrg/core";

/** A minimal CycloneDX SBOM describing the mock itself, so that sbom_ref resolves in sandbox mode. */
export function mockSbom(version: string): { digest: string; bytes: Uint8Array } {
  const bytes = canonicalJsonBytes({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    metadata: {
      component: { type: "library", name: "@qrg/mock", version, "bom-ref": "pkg:npm/%40qrg/mock" },
      properties: [{ name: "qrg:mock", value: "true" }],
    },
    components: [],
  });
  return { digest: hashBytes("sha256", bytes), bytes };
}
