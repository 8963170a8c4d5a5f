import { join } from "node:path";
import { type ParsedHash, parseHash, QRGValidationError } from "@qrg/core";
import { isQrgId, QRG_ID_PREFIX } from "@qrg/schema";

/**
 * Where each kind of file lives under the data directory, as a filesystem tree:
 *
 *   artifacts/content/<alg>/<hex[0..2]>/<hex>.bin   content bytes, addressed by digest
 *   artifacts/records/<uuid>.json                   the stored response, keyed by qrg_id (the commit point)
 *   attestations/<uuid>.att.json                    the attestation document, keyed by qrg_id
 *   sboms/<alg>-<hex>.cdx.json                      CycloneDX SBOMs, addressed by digest
 *   journal/<owner>/<seq>.wal                       the write-ahead journal of each open store
 *   .health/                                        scratch space for the writability probe
 *
 * Every path is built from a validated id or digest, never from raw input, so nothing can escape the data
 * directory: ids are restricted to lowercase hex and hyphens, digests to `alg:` plus 64 hex digits.
 */
export interface StoreLayout {
  readonly root: string;
  readonly contentRoot: string;
  readonly recordsDir: string;
  readonly attestationsDir: string;
  readonly sbomsDir: string;
  readonly journalDir: string;
  readonly healthDir: string;
}

export function storeLayout(root: string): StoreLayout {
  return {
    root,
    contentRoot: join(root, "artifacts", "content"),
    recordsDir: join(root, "artifacts", "records"),
    attestationsDir: join(root, "attestations"),
    sbomsDir: join(root, "sboms"),
    journalDir: join(root, "journal"),
    healthDir: join(root, ".health"),
  };
}

/** The file-name key of a qrg_id (its uuid part); throws QRGValidationError on anything else. */
export function qrgIdKey(qrgId: string): string {
  // QRG_ID_PATTERN is bounded: no dot, slash or NUL can reach a file name.
  if (!isQrgId(qrgId)) {
    throw new QRGValidationError(`not a qrg_id (qrg:<uuid>): ${JSON.stringify(qrgId)}`, [
      { path: "qrg_id", message: "expected qrg: followed by lowercase hex and hyphens" },
    ]);
  }
  return qrgId.slice(QRG_ID_PREFIX.length);
}

/** Parses a digest for use as a file name; throws QRGValidationError on anything but `alg:64hex`. */
export function parseDigest(value: string): ParsedHash {
  return parseHash(value);
}

export function recordPath(layout: StoreLayout, qrgId: string): string {
  return join(layout.recordsDir, `${qrgIdKey(qrgId)}.json`);
}

export function attestationPath(layout: StoreLayout, qrgId: string): string {
  return join(layout.attestationsDir, `${qrgIdKey(qrgId)}.att.json`);
}

/** The directory holding a content blob: 256 fan-out directories per algorithm keep listings short. */
export function contentDir(layout: StoreLayout, digest: ParsedHash): string {
  return join(layout.contentRoot, digest.algorithm, digest.hex.slice(0, 2));
}

export function contentPath(layout: StoreLayout, digest: ParsedHash): string {
  return join(contentDir(layout, digest), `${digest.hex}.bin`);
}

export function sbomPath(layout: StoreLayout, digest: ParsedHash): string {
  return join(layout.sbomsDir, `${digest.algorithm}-${digest.hex}.cdx.json`);
}

/** The fixed directories of the store, parents before children. Content fan-out directories are made on use. */
export function fixedDirectories(layout: StoreLayout): string[] {
  return [
    layout.root,
    join(layout.root, "artifacts"),
    layout.contentRoot,
    layout.recordsDir,
    layout.attestationsDir,
    layout.sbomsDir,
    layout.journalDir,
    layout.healthDir,
  ];
}
