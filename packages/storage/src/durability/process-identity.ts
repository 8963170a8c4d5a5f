import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";

/**
 * Who wrote a file or owns a journal: the pid plus a per-process random token. The token tells this
 * process's files from those of a dead predecessor that had the same pid (containers restart with the
 * same low pids).
 */
export const processToken = randomBytes(4).toString("hex");

/** Whether a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the writer `<pid>-<token>` may still be running: this process, or another live pid. */
export function writerIsAlive(pid: number, token: string): boolean {
  if (pid === process.pid) return token === processToken;
  return processExists(pid);
}

/** The kernel's boot id (Linux): a process recorded under another boot id is certainly gone. */
export async function currentBootId(): Promise<string | undefined> {
  try {
    return (await readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
  } catch {
    return undefined;
  }
}

/**
 * When a process started, in clock ticks since boot (Linux, /proc/<pid>/stat field 22): with the boot id it
 * tells a live process from an unrelated one that was later given the same pid.
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}
