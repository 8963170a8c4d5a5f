import { mkdir, readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { hashBytes, QRGError, QRGValidationError, writeFileAtomic } from "@qrg/core";
import { type GenerateServiceSbomOptions, generateServiceSbom } from "./generate-service-sbom.ts";

/** Where `pnpm sbom` writes the service SBOM, relative to the workspace root. */
export const DEFAULT_SBOM_PATH = "dist/sbom/qrg-service.cdx.json";

export interface SbomFileOptions extends GenerateServiceSbomOptions {
  /**
   * The SBOM file, absolute or relative to `rootDir`.
   * @default DEFAULT_SBOM_PATH
   */
  path?: string;
  /**
   * Regenerate and rewrite the file even when it exists (what `pnpm sbom` wants); see {@link writeServiceSbom}.
   * @default false
   */
  regenerate?: boolean;
}

export interface LoadedSbom {
  /** `sha256:<hex>` of `bytes`: the SBOM's address (provenance.sbom_ref points at it). */
  digest: string;
  bytes: Uint8Array;
  /** The absolute path the SBOM was read from or written to. */
  path: string;
}

/**
 * Generates the service SBOM and writes it crash-safely (temp file, fsync, rename), replacing any previous
 * one. This is what the build step (`pnpm sbom`) runs.
 */
export async function writeServiceSbom(options: SbomFileOptions): Promise<LoadedSbom> {
  const path = sbomPathOf(options);
  const bytes = await generateServiceSbom(options);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, bytes, 0o644);
  } catch (cause) {
    throw new QRGError("storage_error", `cannot write the SBOM to ${path}`, { cause });
  }
  return { digest: hashBytes("sha256", bytes), bytes, path };
}

/**
 * The SBOM built at build time, loaded at start-up; generated (and written) on first start when the file
 * is missing. A file that is not CycloneDX JSON is an error rather than silently replaced: it is an input
 * the attestations point at. Run {@link validateSbom} on it for a full schema check.
 */
export async function loadOrCreateSbom(options: SbomFileOptions): Promise<LoadedSbom> {
  if (options.regenerate) return writeServiceSbom(options);
  const path = sbomPathOf(options);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return writeServiceSbom(options);
    throw new QRGError("config_error", `cannot read the SBOM at ${path}`, { cause });
  }
  assertCycloneDxJson(path, bytes);
  return { digest: hashBytes("sha256", bytes), bytes, path };
}

function sbomPathOf(options: SbomFileOptions): string {
  const path = options.path ?? DEFAULT_SBOM_PATH;
  return isAbsolute(path) ? path : join(resolve(options.rootDir), path);
}

function assertCycloneDxJson(path: string, bytes: Uint8Array): void {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new QRGValidationError(`the SBOM at ${path} is not JSON`, [], { cause });
  }
  const format = (document as { bomFormat?: unknown } | null)?.bomFormat;
  if (format !== "CycloneDX") {
    throw new QRGValidationError(`the SBOM at ${path} is not CycloneDX JSON`, [
      { path: "bomFormat", message: `expected "CycloneDX", got ${JSON.stringify(format)}` },
    ]);
  }
}
