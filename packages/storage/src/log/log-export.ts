import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { attestationPath, contentPath, parseDigest, recordPath, storeLayout } from "../layout.ts";
import type { LogArtifactStore } from "./log-artifact-store.ts";

export interface ExportReport {
  artifacts: number;
  contentFiles: number;
  sboms: number;
}

/**
 * Writes the spec's per-artifact layout from a log store into `targetDir` (created if missing):
 * `artifacts/content/<alg>/<xx>/<hex>.bin`, `artifacts/records/<uuid>.json`,
 * `attestations/<uuid>.att.json` and `sboms/<alg>-<hex>.cdx.json`, byte for byte as stored. Expired
 * artifacts are left out. Existing files are overwritten with the stored bytes (the export is a copy, not a
 * store), so an export can be repeated into the same directory.
 */
export async function exportLogStore(store: LogArtifactStore, targetDir: string): Promise<ExportReport> {
  const layout = storeLayout(targetDir);
  const report: ExportReport = { artifacts: 0, contentFiles: 0, sboms: 0 };
  const made = new Set<string>();
  const write = async (path: string, bytes: Uint8Array) => {
    const dir = dirname(path);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(path, bytes);
  };
  const contents = new Set<string>();
  for await (const location of store.locations()) {
    if (!contents.has(location.content_hash)) {
      contents.add(location.content_hash);
      await write(
        contentPath(layout, parseDigest(location.content_hash)),
        await store.readPayload(location, "content"),
      );
      report.contentFiles++;
    }
    await write(attestationPath(layout, location.qrg_id), await store.readPayload(location, "attestation"));
    await write(recordPath(layout, location.qrg_id), await store.readPayload(location, "record"));
    report.artifacts++;
  }
  const sbomSource = join(store.dataDir, "sboms");
  await mkdir(layout.sbomsDir, { recursive: true });
  for (const name of await readdir(sbomSource)) {
    if (!name.endsWith(".cdx.json")) continue;
    await copyFile(join(sbomSource, name), join(layout.sbomsDir, name));
    report.sboms++;
  }
  return report;
}
