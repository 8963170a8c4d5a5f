import { QRGError } from "@qrg/core";

/** The spec's lifecycle: artifacts, attestations and records are kept this many days after `stored_at`. */
export const DEFAULT_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

/** One artifact removed by retention: its record, content and attestation are gone from the store. */
export interface RetentionRemoval {
  qrg_id: string;
  content_hash: string;
  /** When the artifact was stored (ISO 8601). */
  stored_at: string;
  /** When it was removed (ISO 8601). */
  removed_at: string;
  /** The backend that removed it: the embedded log store (by compaction) or S3 (by this store's sweep). */
  backend: "log" | "s3";
}

/**
 * Told about every removal, e.g. to write it to an audit log. Awaited before the removal happens, so an
 * artifact is never removed without its record in the audit trail; a rejection postpones the removal.
 */
export type RetentionListener = (removals: readonly RetentionRemoval[]) => void | Promise<void>;

/** A retention policy in days; `0` keeps everything forever. */
export class RetentionPolicy {
  readonly days: number;

  /** @param days @default 90 */
  constructor(days: number = DEFAULT_RETENTION_DAYS) {
    if (!Number.isFinite(days) || days < 0) {
      throw new QRGError("config_error", `retention must be a non-negative number of days, got ${days}`);
    }
    this.days = days;
  }

  /** True when something stored at `storedAtMs` has outlived the policy at `nowMs`. */
  isExpired(storedAtMs: number, nowMs: number = Date.now()): boolean {
    return this.days > 0 && storedAtMs + this.days * DAY_MS <= nowMs;
  }

  /** Everything stored before this instant has expired (−∞ when nothing ever expires). */
  cutoffMs(nowMs: number = Date.now()): number {
    return this.days > 0 ? nowMs - this.days * DAY_MS : Number.NEGATIVE_INFINITY;
  }
}

/** The error of a read or validate of an artifact removed (or due for removal) by retention: 410 Gone. */
export function artifactExpired(qrgIdOrDigest: string): QRGError {
  return new QRGError(
    "artifact_expired",
    `${qrgIdOrDigest} has expired under the retention policy and is no longer served`,
  );
}

/** Milliseconds since the epoch of a record's `stored_at`; NaN (never expires) when it does not parse. */
export function storedAtMs(storedAt: string): number {
  return Date.parse(storedAt);
}
