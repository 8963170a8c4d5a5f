// Commit throughput of the filesystem store: `node packages/storage/bench/commit.bench.ts [seconds] [dir]`.
// Prints commits/s at concurrency 1 and 64 with fresh content per commit (the worst case: three new files
// per commit), and how many journal fdatasyncs the group commit needed. [dir] defaults to a temp directory
// under the OS temp dir. The data directories are removed only after the last run: on this VM's ext4
// (mounted with `discard`) a large recursive delete stalls metadata operations for seconds afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createFsArtifactStore } from "../src/index.ts";
import { makeEntry, never } from "../test/helpers/entry.ts";

const seconds = Number(process.argv[2] ?? 3);
const parent = process.argv[3] ?? tmpdir();
const dirs: string[] = [];

async function run(concurrency: number): Promise<string> {
  const dataDir = await mkdtemp(join(parent, "qrg-storage-bench-"));
  dirs.push(dataDir);
  const store = await createFsArtifactStore({ dataDir });
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
  const { journalBatches } = store.stats;
  const closeStart = performance.now();
  await store.close();
  const closeMs = performance.now() - closeStart;
  return (
    `${rate.toFixed(0).padStart(5)} commits/s — ${journalBatches} journal fdatasyncs ` +
    `(${(commits / journalBatches).toFixed(1)} commits each), event-loop delay p99 ` +
    `${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, close+checkpoint ${closeMs.toFixed(0)} ms`
  );
}

try {
  console.log(`UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? "4 (default)"}, ${seconds}s per run`);
  for (const concurrency of [1, 64]) {
    console.log(`concurrency ${String(concurrency).padStart(2)}: ${await run(concurrency)}`);
  }
} finally {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
