import { readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { processToken, writerIsAlive } from "./process-identity.ts";

/**
 * Temp files sit next to their final name (same directory, so link() never crosses a filesystem) and carry
 * the writer's pid and a per-process token: `<final name>.tmp-<pid>-<token>-<sequence>`. No read path ever
 * names a temp file, so leftovers are invisible to readers; `removeStaleTempFiles` deletes those whose writer
 * is no longer running. The token tells this process's files from those of a dead predecessor that had the
 * same pid (containers restart with the same low pids).
 */
const TEMP_SUFFIX = /\.tmp-(\d+)-([0-9a-f]{8})-\d+$/;

let sequence = 0;

export function tempPathFor(finalPath: string): string {
  sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
  return `${finalPath}.tmp-${process.pid}-${processToken}-${sequence}`;
}

export function isTempFileName(name: string): boolean {
  return TEMP_SUFFIX.test(name);
}

/**
 * Deletes temp files left by writers that have died (a crash between write and link). Files of live
 * processes are kept: several server processes may share one data directory, and their in-flight temp
 * files are not garbage. Only names matching the temp suffix are ever touched; completed files never are.
 * A pid recycled by an unrelated live process keeps its leftovers until a later start — harmless, they are
 * never read.
 * @returns how many files were removed
 */
export async function removeStaleTempFiles(directories: readonly string[]): Promise<number> {
  let removed = 0;
  for (const dir of directories) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    for (const name of names) {
      const match = TEMP_SUFFIX.exec(name);
      if (!match || writerIsAlive(Number(match[1]), match[2]!)) continue;
      try {
        await unlink(join(dir, name));
        removed++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }
  return removed;
}
