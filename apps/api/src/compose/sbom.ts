import { join, resolve } from "node:path";
import { loadOrCreateSbom } from "@qrg/provenance";
import type { ApiConfig } from "../config.ts";
import { WORKSPACE_ROOT } from "../package-info.ts";

export type ServiceSbom = Awaited<ReturnType<typeof loadOrCreateSbom>>;

/** The running service's SBOM: QRG_SBOM_FILE, or one generated into the data dir on first start. */
export function loadServiceSbom(config: ApiConfig): Promise<ServiceSbom> {
  return loadOrCreateSbom({
    rootDir: WORKSPACE_ROOT,
    path: config.QRG_SBOM_FILE ?? join(config.dataDir, "sboms", "service.cdx.json"),
  });
}

/** Regenerates the SBOM from the workspace lockfile into `out` (or QRG_SBOM_FILE, or dist/sbom/). */
export async function writeSbomFile(
  config: ApiConfig,
  out?: string,
): Promise<{ path: string; digest: string }> {
  const path = resolve(
    out ?? config.QRG_SBOM_FILE ?? join(WORKSPACE_ROOT, "dist", "sbom", "qrg-service.cdx.json"),
  );
  const sbom = await loadOrCreateSbom({ rootDir: WORKSPACE_ROOT, path, regenerate: true });
  return { path, digest: sbom.digest };
}
