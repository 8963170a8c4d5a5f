import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CommitEntry, hashBytes } from "@qrg/core";
import { afterEach, expect } from "vitest";
import {
  createLogArtifactStore,
  type LogArtifactStore,
  type LogArtifactStoreOptions,
} from "../../src/log/log-artifact-store.ts";

const dirs: string[] = [];
const stores: LogArtifactStore[] = [];

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close().catch(() => {})));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tmpLogDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "qrg-log-"));
  dirs.push(dir);
  return dir;
}

/** Opens a log store on `dataDir` that is closed after the test. */
export async function openLogStore(
  dataDir: string,
  options: Omit<LogArtifactStoreOptions, "dataDir"> = {},
): Promise<LogArtifactStore> {
  const store = await createLogArtifactStore({ ...options, dataDir });
  stores.push(store);
  return store;
}

/** The entry reads back whole: record, content (hashing to its digest) and attestation. */
export async function expectStored(store: LogArtifactStore, entry: CommitEntry): Promise<void> {
  const record = await store.getRecord(entry.qrg_id);
  expect(record).toEqual(entry.record);
  const content = await store.getContent(entry.content_hash);
  expect(content && hashBytes("sha256", content)).toBe(entry.content_hash);
  expect(Buffer.from((await store.getAttestation(entry.qrg_id)) ?? [])).toEqual(
    Buffer.from(entry.attestation),
  );
}

/** An ISO timestamp `days` days ago. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

export interface LogLoopChild {
  reported(): string[];
  exited: Promise<NodeJS.Signals | null>;
  kill(): void;
  waitForReports(count: number): Promise<void>;
}

/** Runs log-commit-loop.ts on `dataDir`: commits until SIGKILLed, printing each acknowledged qrg_id. */
export function startLogCommitLoop(dataDir: string): LogLoopChild {
  const child = spawn(process.execPath, [join(import.meta.dirname, "log-commit-loop.ts"), dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let ended = false;
  const waiters: Array<() => void> = [];
  const reported = () => stdout.split("\n").slice(0, -1);
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("close", (_code, signal) => {
      ended = true;
      for (const wake of waiters.splice(0)) wake();
      resolve(signal);
    }),
  );
  return {
    reported,
    exited,
    kill: () => child.kill("SIGKILL"),
    async waitForReports(count: number) {
      while (reported().length < count) {
        if (ended) throw new Error(`commit loop ended after ${reported().length} commits: ${stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
