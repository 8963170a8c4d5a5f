// Read latency of the filesystem store, shaped like the API's validate endpoint (record, content and
// attestation of one qrg_id): `node packages/storage/bench/read.bench.ts [seconds] [dir]`.
// Commits 5,000 artifacts, then reads random ones with 100 concurrent readers, from a store whose record
// cache is cold (a fresh store on the same directory) and then warm. Prints reads/s and p50/p95/p99.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFsArtifactStore, type FsArtifactStore } from "../src/index.ts";
import { makeEntry, never } from "../test/helpers/entry.ts";

const seconds = Number(process.argv[2] ?? 3);
const dataDir = await mkdtemp(join(process.argv[3] ?? tmpdir(), "qrg-storage-read-bench-"));

async function readLoop(store: FsArtifactStore, ids: string[], label: string): Promise<void> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const reader = async () => {
    while (performance.now() < deadline) {
      const qrgId = ids[Math.floor(Math.random() * ids.length)]!;
      const start = performance.now();
      const record = await store.getRecord(qrgId);
      const [content, attestation] = await Promise.all([
        store.getContent(record!.content_hash),
        store.getAttestation(qrgId),
      ]);
      if (!content || !attestation) throw new Error(`incomplete artifact ${qrgId}`);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: 100 }, reader));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(latencies.length * q)]!.toFixed(2);
  console.log(
    `${label}: ${(latencies.length / seconds).toFixed(0)} reads/s, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`,
  );
}

try {
  const writer = await createFsArtifactStore({ dataDir });
  const ids: string[] = [];
  for (let batch = 0; batch < 50; batch++) {
    const entries = Array.from({ length: 100 }, (_, i) => makeEntry(`read-bench-${batch}-${i}-0000000`));
    await Promise.all(entries.map((entry) => writer.commit(entry, never)));
    ids.push(...entries.map((entry) => entry.qrg_id));
  }
  await writer.close();
  const store = await createFsArtifactStore({ dataDir });
  await readLoop(store, ids, "100 readers, cold record cache");
  await readLoop(store, ids, "100 readers, warm record cache");
  await store.close();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
