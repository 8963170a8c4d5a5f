import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Serialize, Spec } from "@cyclonedx/cyclonedx-library";
import { QRGValidationError } from "@qrg/core";
import { buildServiceBom, type ToolInfo } from "./build-bom.ts";
import { uuidV5 } from "./component-identity.ts";
import { defaultDataFiles, hashDataFiles } from "./data-files.ts";
import { resolveDependencyClosure } from "./dependency-closure.ts";
import { readManifest } from "./installed-package.ts";
import { readPnpmLockfile } from "./pnpm-lockfile.ts";

export interface GenerateServiceSbomOptions {
  /** The workspace root: holds pnpm-lock.yaml, node_modules and the importer. */
  rootDir: string;
  /**
   * The workspace importer whose production closure is the service.
   * @default "apps/api"
   */
  importer?: string;
  /**
   * Data files generation reads, absolute or relative to `rootDir`.
   * @default the lexicons `packages/engine/data/*.json` and everything under `packages/gates/data/`
   */
  dataFiles?: readonly string[];
  /**
   * `metadata.timestamp`. Fixed so that the same inputs give the same bytes.
   * @default `SOURCE_DATE_EPOCH` (seconds) when set, otherwise no timestamp
   */
  timestamp?: Date;
}

/** The CycloneDX JSON media type, for serving the SBOM. */
export const SBOM_MEDIA_TYPE = "application/vnd.cyclonedx+json";

/** Namespace of the serial numbers: UUIDv5 of the SBOM's own content (RFC 4122 URL namespace). */
const SERIAL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/**
 * CycloneDX 1.6 JSON SBOM of the running service (see {@link buildServiceBom}). Deterministic: lists are
 * sorted, the timestamp is fixed, and the serialNumber is derived from the rest of the document, so the
 * same lockfile, installed packages and data files always give the same bytes.
 */
export async function generateServiceSbom(options: GenerateServiceSbomOptions): Promise<Uint8Array> {
  const rootDir = resolve(options.rootDir);
  const lockfile = await readPnpmLockfile(rootDir);
  const closure = await resolveDependencyClosure(rootDir, lockfile, options.importer ?? "apps/api");
  const dataFiles = await hashDataFiles(rootDir, options.dataFiles ?? (await defaultDataFiles(rootDir)));
  const timestamp = options.timestamp ?? sourceDateEpoch();
  const bom = buildServiceBom({
    closure,
    dataFiles,
    tools: await toolInfo(),
    ...(timestamp === undefined ? {} : { timestamp }),
  });

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const unnumbered = serializer.serialize(bom, { sortLists: true, space: 2 });
  const contentDigest = createHash("sha256").update(unnumbered).digest("hex");
  bom.serialNumber = `urn:uuid:${uuidV5(SERIAL_NAMESPACE, `urn:qrg:sbom:sha256:${contentDigest}`)}`;
  return new TextEncoder().encode(`${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`);
}

/** Reproducible-builds convention: SOURCE_DATE_EPOCH is a Unix time in seconds. */
function sourceDateEpoch(): Date | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) {
    throw new QRGValidationError(
      `SOURCE_DATE_EPOCH must be a Unix time in seconds, got ${JSON.stringify(raw)}`,
      [{ path: "SOURCE_DATE_EPOCH", message: "expected digits" }],
    );
  }
  return new Date(Number(raw) * 1000);
}

async function toolInfo(): Promise<ToolInfo[]> {
  const require = createRequire(import.meta.url);
  const cyclonedx = require("@cyclonedx/cyclonedx-library/package.json") as { name: string; version: string };
  const self = await readManifest(fileURLToPath(new URL("../../", import.meta.url)));
  return [
    { name: self?.name ?? "@qrg/provenance", version: self?.version ?? "0.0.0" },
    { name: cyclonedx.name, version: cyclonedx.version },
  ];
}
