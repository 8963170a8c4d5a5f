import { open, readFile, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { QRGError } from "@qrg/core";

export interface DirectoryLockOptions {
  /** Give up waiting after this long. @default 10_000 */
  timeoutMs?: number;
  /** A lock file older than this whose owner is gone is taken over. @default 30_000 */
  staleMs?: number;
}

const LOCK_FILE = ".lock";

function ownerIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function removeIfStale(path: string, staleMs: number): Promise<void> {
  try {
    const [info, content] = await Promise.all([stat(path), readFile(path, "utf8")]);
    const pid = Number.parseInt(content, 10);
    const known = Number.isInteger(pid) && pid > 0;
    if (known && pid === process.pid) return; // another ring in this process: it will release
    // Same host only: a dead owner (crash) or a very old lock is taken over. A lock without a pid yet is
    // being created right now, so only age makes it stale.
    const dead = known && ownerIsGone(pid);
    if (dead || Date.now() - info.mtimeMs > staleMs) await unlink(path);
  } catch {
    // Released or replaced meanwhile: just retry.
  }
}

/**
 * Runs `fn` holding an exclusive lock file in `dir`, so several processes sharing a key directory (cluster
 * mode, a CLI next to the API) never generate or rotate keys at the same time.
 */
export async function withDirectoryLock<T>(
  dir: string,
  fn: () => Promise<T>,
  options: DirectoryLockOptions = {},
): Promise<T> {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const staleMs = options.staleMs ?? 30_000;
  for (;;) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (Date.now() > deadline) {
        throw new QRGError("key_error", `timed out waiting for the key directory lock ${path}`, {
          cause: error,
        });
      }
      await removeIfStale(path, staleMs);
      await sleep(20);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => {});
  }
}
