// Child process for the log store's crash tests: commits with 64 concurrent workers (so batches hold many
// frames when the kill lands) until killed with SIGKILL. Prints each qrg_id once its commit resolved
// (stdout to a pipe is synchronous on Linux: a printed id was reported before any kill).
// Usage: node log-commit-loop.ts <dataDir>
import { createLogArtifactStore } from "../../src/log/log-artifact-store.ts";
import { makeEntry, never } from "../helpers/entry.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: log-commit-loop.ts <dataDir>");
// Small segments, so that the kill also lands around rotations.
const store = await createLogArtifactStore({ dataDir, segmentMaxBytes: 64 * 1024 });
let n = 0;
async function worker(): Promise<void> {
  for (;;) {
    n++;
    const entry = makeEntry(n % 2 === 0 ? "shared-seed-0000000" : `fresh-seed-${n}-000000`);
    await store.commit(entry, never);
    process.stdout.write(`${entry.qrg_id}\n`);
  }
}
await Promise.all(Array.from({ length: 64 }, worker));
