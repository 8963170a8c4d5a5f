import type { StoredRecord } from "@qrg/core";
import { QRGResponseSchema } from "@qrg/schema";
import { z } from "zod";

/**
 * The on-disk shape of a record. Files are re-validated on read: a record edited or truncated outside the
 * store must surface as a storage error, not as a half-formed response sent to a client.
 */
export const StoredRecordSchema = z.object({
  response: QRGResponseSchema,
  content_hash: z.string().regex(/^(sha256|sha3-256|blake3):[a-f0-9]{64}$/),
  content_type: z.string(),
  stored_at: z.string(),
});

export function parseStoredRecord(text: string): StoredRecord {
  return StoredRecordSchema.parse(JSON.parse(text));
}
