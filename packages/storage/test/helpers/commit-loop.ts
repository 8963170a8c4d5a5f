// Child process for the crash tests: commits with 16 workers until killed with SIGKILL, or, given a count,
// commits that many entries and then kills itself (a crash that skips close()).
// Usage: node commit-loop.ts <dataDir> [count]. Prints each qrg_id on its own line once its commit has
// resolved (stdout to a pipe is synchronous on Linux: a printed id was reported before any kill).
import { createFsArtifactStore } from "../../src/index.ts";
import { makeEntry, never } from "./entry.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: commit-loop.ts <dataDir> [count]");
const count = process.argv[3] === undefined ? Number.POSITIVE_INFINITY : Number(process.argv[3]);
const store = await createFsArtifactStore({ dataDir });
let n = 0;
async function worker(): Promise<void> {
  while (n < count) {
    // Alternate shared and fresh content so both content paths are exercised when the kill lands.
    n++;
    const entry = makeEntry(n % 2 === 0 ? "shared-seed-0000000" : `fresh-seed-${n}-000000`);
    await store.commit(entry, never);
    process.stdout.write(`${entry.qrg_id}\n`);
  }
}
await Promise.all(Array.from({ length: Math.min(16, count) }, worker));
process.kill(process.pid, "SIGKILL");
