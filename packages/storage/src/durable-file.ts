import fs from "node:fs";
import { link, open, unlink } from "node:fs/promises";
import { tempPathFor } from "./temp-files.ts";

/**
 * Writes `bytes` to a fresh temp file next to `finalPath` and flushes it to stable storage (fdatasync: the
 * data plus the metadata needed to read it back, such as its size). Returns the temp path; the caller links
 * it into place. On failure the temp file is removed. Used off the commit path (SBOMs, the health probe):
 * commits are made durable by the journal instead.
 */
export async function writeDurableTemp(finalPath: string, bytes: Uint8Array): Promise<string> {
  const tempPath = tempPathFor(finalPath);
  const handle = await open(tempPath, "wx", 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } catch (error) {
    await handle.close().catch(() => {});
    await removeIfPresent(tempPath).catch(() => {});
    throw error;
  }
  await handle.close();
  return tempPath;
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

/**
 * Moves a temp file to its final name without ever replacing an existing file: link() fails with EEXIST
 * atomically (also across processes), unlike rename(), which would clobber. The temp name is removed in
 * every case. The new directory entry is durable only once the directory is fsynced (see DirectorySyncer).
 */
export async function linkNoClobber(tempPath: string, finalPath: string): Promise<"linked" | "exists"> {
  try {
    await link(tempPath, finalPath);
    return "linked";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
    throw error;
  } finally {
    await removeIfPresent(tempPath);
  }
}

/** unlink() that treats an already-missing file as success. */
export async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** fsync a directory (or file) so that entries created or removed in it survive a power loss. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory so that entries created or removed in it survive a power loss. */
export const fsyncDirectory: (path: string) => Promise<void> = fsyncPath;
