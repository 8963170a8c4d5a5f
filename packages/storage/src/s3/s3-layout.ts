import { parseDigest, qrgIdKey } from "../layout.ts";

/**
 * Object keys under the configured prefix, after the spec's bucket layout:
 *
 *   <prefix>artifacts/<uuid>.json                  the stored record (response), keyed by qrg_id — written last
 *   <prefix>artifacts/content/<alg>/<hex>.bin      content bytes, addressed by digest
 *   <prefix>attestations/<uuid>.att                the attestation document of each qrg_id
 *   <prefix>sboms/<alg>-<hex>.cdx.json             CycloneDX SBOMs, addressed by digest
 *   <prefix>expired/<uuid>                         tombstone of an artifact removed by retention (410)
 *
 * Ids and digests are validated first, so no input can name another key.
 */
export class S3Layout {
  readonly prefix: string;

  /** @param prefix key prefix, e.g. `qrg/`; a trailing slash is added when missing. */
  constructor(prefix = "") {
    this.prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  }

  get recordsPrefix(): string {
    return `${this.prefix}artifacts/`;
  }

  record(qrgId: string): string {
    return `${this.prefix}artifacts/${qrgIdKey(qrgId)}.json`;
  }

  content(digest: string): string {
    const parsed = parseDigest(digest);
    return `${this.prefix}artifacts/content/${parsed.algorithm}/${parsed.hex}.bin`;
  }

  attestation(qrgId: string): string {
    return `${this.prefix}attestations/${qrgIdKey(qrgId)}.att`;
  }

  sbom(digest: string): string {
    const parsed = parseDigest(digest);
    return `${this.prefix}sboms/${parsed.algorithm}-${parsed.hex}.cdx.json`;
  }

  tombstone(qrgId: string): string {
    return `${this.prefix}expired/${qrgIdKey(qrgId)}`;
  }

  /** The qrg_id of a record key, or undefined for any other key (content lives under the same prefix). */
  qrgIdOfRecordKey(key: string): string | undefined {
    const match = /^artifacts\/([a-f0-9-]{1,64})\.json$/.exec(key.slice(this.prefix.length));
    return key.startsWith(this.prefix) && match ? `qrg:${match[1]}` : undefined;
  }
}
