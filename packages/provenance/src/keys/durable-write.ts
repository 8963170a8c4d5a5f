import { randomBytes } from "node:crypto";
import { link, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { QRGError } from "@qrg/core";

/**
 * Crash-safe writes for key material: data goes to a temp file in the same directory, is fsynced, then
 * atomically put in place and the directory fsynced, so after a crash a file is either absent or complete.
 */

/** fsync a directory so a rename/link inside it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeTemp(path: string, data: Uint8Array | string, mode: number): Promise<string> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    // chmod explicitly: the process umask may have widened or narrowed the creation mode.
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  return temp;
}

/** Replaces `path` atomically (temp + fsync + rename + directory fsync). */
export async function writeFileAtomic(path: string, data: Uint8Array | string, mode = 0o600): Promise<void> {
  const temp = await writeTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Creates `path` once and never overwrites it (temp + fsync + link + directory fsync). Fails with QRGError
 * "conflict" when the file already exists.
 */
export async function writeFileOnce(path: string, data: Uint8Array | string, mode = 0o600): Promise<void> {
  const temp = await writeTemp(path, data, mode);
  try {
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new QRGError("conflict", `refusing to overwrite ${path}`, { cause: error });
    }
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
  await syncDirectory(dirname(path));
}
