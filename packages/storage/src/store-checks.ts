import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { type CommitEntry, hashBytes, type ParsedHash, QRGError, QRGUnavailableError } from "@qrg/core";
import { parseDigest, qrgIdKey } from "./layout.ts";
import { readWholeFile } from "./read-file.ts";

/** A missing file reads as undefined; any other failure is a storage error. */
export async function readIfPresent<T>(path: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw storageError(`cannot read ${path}`, error);
  }
}

/**
 * Whether a content-addressed file already holds these bytes. The digest was verified before the file was
 * written, and only complete files carry a final name, so an equal size is taken as identity (a full re-hash
 * would double the I/O of every repeated seed). A different size means the file was damaged outside the
 * store: refuse rather than overwrite evidence.
 */
export async function contentIsStored(finalPath: string, byteLength: number): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(finalPath)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw storageError(`cannot check ${finalPath}`, error);
  }
  if (size !== byteLength) {
    throw new QRGError(
      "storage_error",
      `stored file ${finalPath} has ${size} bytes, expected ${byteLength}: it was altered outside the store`,
    );
  }
  return true;
}

/** The entry must be self-consistent: its bytes hash to its digest and the record points at both. */
export function checkEntry(entry: CommitEntry, digest: ParsedHash, verifyContent: boolean): void {
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

/**
 * checkEntry for stores that take the entry as it comes (the log and S3 stores): its qrg_id and digest are
 * validated first, so a malformed one is refused before any byte is written.
 */
export function checkCommitEntry(entry: CommitEntry, verifyContent: boolean): void {
  qrgIdKey(entry.qrg_id);
  checkEntry(entry, parseDigest(entry.content_hash), verifyContent);
}

/** The `content/<alg>/<xx>` directories that exist. */
export async function listContentDirectories(contentRoot: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const algorithm of await readdir(contentRoot, { withFileTypes: true })) {
    if (!algorithm.isDirectory()) continue;
    const algorithmDir = join(contentRoot, algorithm.name);
    for (const fanOut of await readdir(algorithmDir, { withFileTypes: true })) {
      if (fanOut.isDirectory()) dirs.push(join(algorithmDir, fanOut.name));
    }
  }
  return dirs;
}

export function conflict(qrgId: string): QRGError {
  return new QRGError("conflict", `${qrgId} is already stored (records are write-once)`);
}

export function closed(): QRGError {
  return new QRGUnavailableError("the artifact store is closed");
}

export function storageError(message: string, cause: unknown): QRGError {
  return new QRGError("storage_error", message, { cause });
}

/** A file's bytes, or undefined when it does not exist. */
export async function readBytes(path: string): Promise<Uint8Array | undefined> {
  const buffer = await readIfPresent(path, () => readWholeFile(path));
  return buffer === undefined
    ? undefined
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
