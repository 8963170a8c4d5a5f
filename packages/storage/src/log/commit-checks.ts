import { type CommitEntry, hashBytes, QRGError } from "@qrg/core";
import { parseDigest, qrgIdKey } from "../layout.ts";

/**
 * The entry must be well-formed and self-consistent before it reaches the log: a valid qrg_id and digest,
 * bytes that hash to the digest (unless an encrypting decorator stores ciphertext), and a record that
 * points at both.
 */
export function checkLogEntry(entry: CommitEntry, verifyContent: boolean): void {
  qrgIdKey(entry.qrg_id);
  const digest = parseDigest(entry.content_hash);
  if (verifyContent && hashBytes(digest.algorithm, entry.content) !== entry.content_hash) {
    throw new QRGError(
      "storage_error",
      `content bytes of ${entry.qrg_id} do not match ${entry.content_hash}`,
    );
  }
  if (entry.record.content_hash !== entry.content_hash) {
    throw new QRGError("storage_error", `record of ${entry.qrg_id} names another content hash`);
  }
  if (entry.record.response.qrg_id !== entry.qrg_id) {
    throw new QRGError("storage_error", `record of ${entry.qrg_id} holds the response of another qrg_id`);
  }
}

export function conflict(qrgId: string): QRGError {
  return new QRGError("conflict", `${qrgId} is already stored (records are write-once)`);
}

export function storageError(message: string, cause: unknown): QRGError {
  return new QRGError("storage_error", message, { cause });
}
