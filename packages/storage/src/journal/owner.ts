import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { fsyncPath } from "@qrg/core";
import { z } from "zod";
import {
  currentBootId,
  processExists,
  processStartTime,
  processToken,
  writerIsAlive,
} from "../durability/process-identity.ts";

/**
 * Each open store writes its own journal directory, `journal/<pid>-<token>-<instance>/`, so that several
 * server processes (or several stores in one process) can share a data directory without replaying or
 * deleting each other's live journals. A directory whose owner is gone is replayed by the next store that
 * opens. `owner.json` records the boot id and the process start time, so a pid recycled by an unrelated
 * process (after a reboot, or in a restarted container) is not mistaken for the owner.
 */
const OWNER_NAME = /^(\d+)-([0-9a-f]{8})-(\d+)$/;
const CLAIM_PREFIX = ".claim-";
const OWNER_FILE = "owner.json";

const OwnerFileSchema = z.object({
  pid: z.number().int(),
  boot_id: z.string().optional(),
  start_time: z.string().optional(),
});

/** Owners claimed by stores of this process that are still open. */
const liveOwners = new Set<string>();
let instances = 0;

export interface JournalOwner {
  readonly name: string;
  readonly dir: string;
}

/**
 * Creates this store's journal directory, complete with a durable `owner.json`, atomically: it is built
 * under a `.claim-` name and renamed into place, so no other store ever sees an owner directory that lacks
 * its owner file.
 */
export async function claimJournalOwner(journalDir: string): Promise<JournalOwner> {
  instances++;
  const name = `${process.pid}-${processToken}-${instances}`;
  const claim = join(journalDir, `${CLAIM_PREFIX}${name}`);
  await mkdir(claim);
  const [bootId, startTime] = await Promise.all([currentBootId(), processStartTime(process.pid)]);
  const handle = await open(join(claim, OWNER_FILE), "wx", 0o644);
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid, boot_id: bootId, start_time: startTime }));
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await fsyncPath(claim);
  const dir = join(journalDir, name);
  // Live before it becomes visible: another store of this process opening meanwhile must not replay it.
  liveOwners.add(name);
  try {
    await rename(claim, dir);
    await fsyncPath(journalDir);
  } catch (error) {
    liveOwners.delete(name);
    throw error;
  }
  return { name, dir };
}

/** Marks an owner as no longer live in this process (its store closed). */
export function releaseJournalOwner(owner: JournalOwner): void {
  liveOwners.delete(owner.name);
}

/**
 * The journal directories whose owners are gone. Leftover `.claim-` directories of dead
 * processes (a crash during open, before any commit) are removed on the way.
 */
export async function findOrphanedJournals(journalDir: string): Promise<string[]> {
  const names = await readdir(journalDir);
  const orphaned: string[] = [];
  for (const name of names) {
    if (name.startsWith(CLAIM_PREFIX)) {
      const match = OWNER_NAME.exec(name.slice(CLAIM_PREFIX.length));
      if (match && !writerIsAlive(Number(match[1]), match[2]!)) {
        await rm(join(journalDir, name), { recursive: true, force: true });
      }
      continue;
    }
    const match = OWNER_NAME.exec(name);
    if (!match) continue;
    const dir = join(journalDir, name);
    if (await ownerIsAlive(dir, name, Number(match[1]), match[2]!)) continue;
    orphaned.push(dir);
  }
  return orphaned;
}

async function ownerIsAlive(dir: string, name: string, pid: number, token: string): Promise<boolean> {
  if (pid === process.pid) return token === processToken && liveOwners.has(name);
  if (!processExists(pid)) return false;
  let recorded: z.infer<typeof OwnerFileSchema>;
  try {
    recorded = OwnerFileSchema.parse(JSON.parse(await readFile(join(dir, OWNER_FILE), "utf8")));
  } catch {
    // Owner directories appear only with a complete owner file: one that is gone or unreadable was lost
    // in a power failure, so its owner is gone too.
    return false;
  }
  const [bootId, startTime] = await Promise.all([currentBootId(), processStartTime(pid)]);
  if (recorded.boot_id && bootId && recorded.boot_id !== bootId) return false;
  if (recorded.start_time && startTime && recorded.start_time !== startTime) return false;
  return true;
}

/** The owner file's name, which recovery removes together with the replayed segments. */
export const JOURNAL_OWNER_FILE = OWNER_FILE;
