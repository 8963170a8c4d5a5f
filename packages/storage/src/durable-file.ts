import { closeSync, fdatasync, fsync, linkSync, openSync, unlinkSync, writeSync } from "node:fs";
import { tempPathFor } from "./temp-files.ts";

// Performance note: on the commit path only the flushes (fdatasync/fsync) go to the libuv thread pool. The
// metadata calls around them (open, a small write into the page cache, close, link, unlink) take
// microseconds on a local filesystem, less than a thread-pool round trip each, and the pool (4 threads by
// default) is better spent keeping several flushes in flight so the filesystem journal can batch them.
// The data directory must therefore be a local disk, not a network mount that could stall the event loop.

/**
 * Writes `bytes` to a fresh temp file next to `finalPath` and flushes it to stable storage (fdatasync: the
 * data plus the metadata needed to read it back, such as its size). Returns the temp path; the caller links
 * it into place. On failure the temp file is removed.
 */
export async function writeDurableTemp(finalPath: string, bytes: Uint8Array): Promise<string> {
  const tempPath = tempPathFor(finalPath);
  const fd = openSync(tempPath, "wx", 0o644);
  try {
    let offset = 0;
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
    await new Promise<void>((resolve, reject) =>
      fdatasync(fd, (error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    closeSync(fd);
    removeIfPresent(tempPath);
    throw error;
  }
  closeSync(fd);
  return tempPath;
}

/**
 * Moves a temp file to its final name without ever replacing an existing file: link() fails with EEXIST
 * atomically (also across processes), unlike rename(), which would clobber. The temp name is removed in
 * every case. The new directory entry is durable only once the directory is fsynced (see DirectorySyncer).
 */
export function linkNoClobber(tempPath: string, finalPath: string): "linked" | "exists" {
  try {
    linkSync(tempPath, finalPath);
    return "linked";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
    throw error;
  } finally {
    removeIfPresent(tempPath);
  }
}

/** unlink() that treats an already-missing file as success. */
export function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** fsync a directory so that entries created or removed in it survive a power loss. */
export async function fsyncDirectory(path: string): Promise<void> {
  const fd = openSync(path, "r");
  try {
    await new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
  } finally {
    closeSync(fd);
  }
}
