// Commit throughput of the log-structured store:
// `node packages/storage/bench/log-commit.bench.ts [seconds] [dir]`. Prints commits/s at concurrency 1 and
// 64 with fresh content per commit, the fdatasyncs the group commit needed, and the event-loop delay.
// Every commit is durable (its batch fdatasync'ed) before it resolves. [dir] defaults to the OS temp dir.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createLogArtifactStore } from "../src/log/log-artifact-store.ts";
import { makeEntry, never } from "../test/helpers/entry.ts";

const seconds = Number(process.argv[2] ?? 3);
const parent = process.argv[3] ?? tmpdir();
const dirs: string[] = [];

/** Runs `concurrency` commit loops for the configured time; returns commits/s and a summary line. */
export async function runLogCommitBench(concurrency: number): Promise<{ rate: number; line: string }> {
  const dataDir = await mkdtemp(join(parent, "qrg-log-bench-"));
  dirs.push(dataDir);
  const store = await createLogArtifactStore({ dataDir });
  const deadline = performance.now() + seconds * 1000;
  let commits = 0;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      await store.commit(makeEntry(`bench-seed-${w}-${i}-00000000`), never);
      commits++;
    }
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const rate = commits / ((performance.now() - start) / 1000);
  loopDelay.disable();
  const { batches } = store.appenderStats;
  await store.close();
  const line =
    `${rate.toFixed(0).padStart(6)} commits/s — ${batches} fdatasyncs (${(commits / batches).toFixed(1)} ` +
    `commits each), event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms`;
  return { rate, line };
}

try {
  console.log(`log store, ${seconds}s per run`);
  for (const concurrency of [1, 64]) {
    console.log(
      `concurrency ${String(concurrency).padStart(2)}: ${(await runLogCommitBench(concurrency)).line}`,
    );
  }
} finally {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
