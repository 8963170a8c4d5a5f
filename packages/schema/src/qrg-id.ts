import { z } from "zod";

/**
 * The one qrg_id pattern: `qrg:` and 1 to 64 lowercase hex digits or hyphens (the service mints
 * `qrg:<uuid>`). Bounded so an id is always safe as a file-name key: no dot, slash or NUL can appear, and
 * it never exceeds a file-name length limit. Every check of a qrg_id (schemas, API path parameters, stores)
 * uses this pattern.
 */
export const QRG_ID_PATTERN: RegExp = /^qrg:[a-f0-9-]{1,64}$/;

/** The prefix every qrg_id starts with: `qrgId.slice(QRG_ID_PREFIX.length)` is the id's key. */
export const QRG_ID_PREFIX = "qrg:";

/** True when `value` is a string matching QRG_ID_PATTERN. */
export function isQrgId(value: unknown): value is string {
  return typeof value === "string" && QRG_ID_PATTERN.test(value);
}

export const QrgIdSchema = z.string().regex(QRG_ID_PATTERN);
