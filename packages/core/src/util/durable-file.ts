import { randomBytes } from "node:crypto";
import { link, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { QRGError } from "../errors.ts";

/**
 * Crash-safe file writes: data goes to a temp file in the same directory (so link/rename never cross a
 * filesystem), is fsynced, then put in place atomically and the directory fsynced, so after a crash a file
 * is either absent or complete. Used for stored artifacts, key files, SBOMs and the dev token issuer.
 */

/** fsync a file or directory; for a directory, entries created or removed in it then survive a power loss. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
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

/**
 * Moves a temp file to its final name without ever replacing an existing file: link() fails with EEXIST
 * atomically (also across processes), unlike rename(), which would clobber. The temp name is removed in
 * every case. The new entry is durable only once the directory is fsynced.
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

/**
 * Writes `data` to a fresh temp file next to `path` with `mode` (set explicitly: the umask may have changed
 * the creation mode) and fsyncs it. Returns the temp path; on failure the temp file is removed.
 */
export async function writeSyncedTemp(
  path: string,
  data: Uint8Array | string,
  mode: number,
  tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`),
): Promise<string> {
  const handle = await open(tempPath, "wx", mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await removeIfPresent(tempPath).catch(() => {});
    throw error;
  }
  await handle.close();
  return tempPath;
}

/** Replaces `path` atomically and durably (temp + fsync + rename + directory fsync). */
export async function writeFileAtomic(path: string, data: Uint8Array | string, mode = 0o600): Promise<void> {
  const temp = await writeSyncedTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await removeIfPresent(temp).catch(() => {});
    throw error;
  }
  await fsyncPath(dirname(path));
}

/**
 * Creates `path` once, durably, and never overwrites it (temp + fsync + link + directory fsync). Fails
 * with QRGError "conflict" when the file already exists.
 */
export async function writeFileOnce(path: string, data: Uint8Array | string, mode = 0o600): Promise<void> {
  const temp = await writeSyncedTemp(path, data, mode);
  if ((await linkNoClobber(temp, path)) === "exists") {
    throw new QRGError("conflict", `refusing to overwrite ${path}`);
  }
  await fsyncPath(dirname(path));
}
