import { execFile } from "node:child_process";
import { fsyncPath } from "@qrg/core";

/** What a checkpoint must make durable before it may delete the journal segments that cover it. */
export interface DurabilityRequest {
  /** The data directory: everything below it lives on one filesystem. */
  root: string;
  /** Files materialised from the segments being checkpointed. */
  files: readonly string[];
  /** Directories that gained entries (new files, new fan-out directories) in those segments. */
  directories: readonly string[];
}

/** Makes the files of a checkpoint durable; resolves only once they are on stable storage. */
export type MakeDurable = (request: DurabilityRequest) => Promise<void>;

export interface FilesystemSyncOptions {
  /**
   * The coreutils binary whose `-f` flag calls syncfs(2) on the filesystem holding a path. Node has no
   * syncfs binding; one syncfs flushes every materialised file and directory entry at once, far cheaper
   * than one fsync each. When it is missing (or fails), each file and directory is fsynced instead.
   * @default "sync"
   */
  syncCommand?: string;
  /**
   * How many fsyncs the fallback keeps in flight (they share the libuv thread pool with commits).
   * @default 4
   */
  concurrency?: number;
}

/** How a store last made a checkpoint durable: "syncfs" (one `sync -f`) or "fsync" (the per-file fallback). */
export type DurabilityMethod = "syncfs" | "fsync";

/**
 * The default durability step of checkpoints: `sync -f <root>` (one syncfs of the whole filesystem),
 * falling back to fsyncing every file and directory with bounded concurrency. `method()` says which one
 * the last call used.
 */
export function createFilesystemSync(options: FilesystemSyncOptions = {}): MakeDurable & {
  method(): DurabilityMethod | undefined;
} {
  const command = options.syncCommand ?? "sync";
  const concurrency = options.concurrency ?? 4;
  let syncfsMissing = false;
  let last: DurabilityMethod | undefined;

  const makeDurable = async (request: DurabilityRequest): Promise<void> => {
    if (!syncfsMissing) {
      const outcome = await runSyncfs(command, request.root);
      if (outcome === "ok") {
        last = "syncfs";
        return;
      }
      // Not installed: never try again. Failed: fsync file by file, which reports the real error if any.
      if (outcome === "missing") syncfsMissing = true;
    }
    await fsyncEach([...request.files, ...request.directories], concurrency);
    last = "fsync";
  };
  return Object.assign(makeDurable, { method: () => last });
}

function runSyncfs(command: string, root: string): Promise<"ok" | "missing" | "failed"> {
  return new Promise((resolve) => {
    execFile(command, ["-f", root], { timeout: 120_000 }, (error) => {
      if (!error) resolve("ok");
      else resolve((error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "failed");
    });
  });
}

/** fsyncs every path, `concurrency` at a time; a path that no longer exists needs no flush. */
async function fsyncEach(paths: readonly string[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      try {
        await fsyncPath(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, paths.length)) }, worker));
}
