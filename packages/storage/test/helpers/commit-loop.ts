// Child process for the crash test: commits forever until killed with SIGKILL.
// Usage: node commit-loop.ts <dataDir>. Prints "ready" after the first durable commit.
import { createFsArtifactStore } from "../../src/index.ts";
import { makeEntry, never } from "./entry.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: commit-loop.ts <dataDir>");
const store = await createFsArtifactStore({ dataDir });
let n = 0;
let announced = false;
async function worker(): Promise<void> {
  for (;;) {
    // Alternate shared and fresh content so both content paths are exercised when the kill lands.
    n++;
    await store.commit(makeEntry(n % 2 === 0 ? "shared-seed-0000000" : `fresh-seed-${n}-000000`), never);
    if (!announced) {
      announced = true;
      process.stdout.write("ready\n");
    }
  }
}
await Promise.all(Array.from({ length: 16 }, worker));
