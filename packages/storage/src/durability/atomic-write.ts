import fs from "node:fs";
import { removeIfPresent, writeSyncedTemp } from "@qrg/core";
import { tempPathFor } from "./temp-files.ts";

/**
 * Writes `bytes` to a fresh temp file next to `finalPath` (storage's temp naming, so stale ones are swept)
 * and flushes it to stable storage. Returns the temp path; the caller links it into place. Used off the
 * commit path (SBOMs, the health probe): commits are made durable by the journal instead.
 */
export function writeDurableTemp(finalPath: string, bytes: Uint8Array): Promise<string> {
  return writeSyncedTemp(finalPath, bytes, 0o644, tempPathFor(finalPath));
}

/**
 * Writes `bytes` under `finalPath` atomically, without flushing: a temp file in the same directory renamed
 * over the final name, so readers see either nothing or the complete file. Durability comes from elsewhere
 * (the journal until a checkpoint has synced the filesystem). On failure the temp file is removed.
 * This is the commit path's hottest code: it uses callback fs with plain fds (no FileHandle objects).
 */
export async function writeAtomically(finalPath: string, bytes: Uint8Array): Promise<void> {
  const tempPath = tempPathFor(finalPath);
  try {
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(tempPath, "wx", 0o644, (error, fd) => (error ? reject(error) : resolve(fd))),
    );
    let written = 0;
    try {
      while (written < bytes.byteLength) {
        written += await new Promise<number>((resolve, reject) =>
          fs.write(fd, bytes, written, bytes.byteLength - written, written, (error, n) =>
            error ? reject(error) : resolve(n),
          ),
        );
      }
    } finally {
      await new Promise<void>((resolve, reject) =>
        fs.close(fd, (error) => (error ? reject(error) : resolve())),
      );
    }
    await new Promise<void>((resolve, reject) =>
      fs.rename(tempPath, finalPath, (error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    await removeIfPresent(tempPath).catch(() => {});
    throw error;
  }
}
