// Commit and read throughput of the S3 store against s3rver (a real S3 HTTP server on loopback, from
// @qrg/storage/testing): `node packages/storage/bench/s3-commit.bench.ts [seconds]`. Every commit is three
// PUTs (content, attestation, record); with `conditionalWrites: false` (s3rver ignores If-None-Match)
// a HEAD comes first. s3rver keeps objects as files and runs in this process, so the figures bound what
// the store's client side costs rather than what AWS or MinIO would sustain.
import { createS3ArtifactStore } from "../src/s3/s3-artifact-store.ts";
import { makeEntry, never } from "../test/helpers/entry.ts";
import { startTestS3Server } from "../testing/index.ts";

const seconds = Number(process.argv[2] ?? 3);
const server = await startTestS3Server();
Object.assign(process.env, server.env);
try {
  const store = createS3ArtifactStore({
    bucket: server.bucket,
    endpoint: server.endpoint,
    conditionalWrites: false,
    recordCacheSize: 0,
  });
  const ids: string[] = [];
  for (const concurrency of [1, 64]) {
    const deadline = performance.now() + seconds * 1000;
    let commits = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const entry = makeEntry(`s3-bench-${concurrency}-${w}-${i}-0000`);
          await store.commit(entry, never);
          ids.push(entry.qrg_id);
          commits++;
        }
      }),
    );
    const rate = commits / ((performance.now() - start) / 1000);
    console.log(
      `S3 commits, concurrency ${String(concurrency).padStart(2)}: ${rate.toFixed(0).padStart(5)} commits/s`,
    );
  }
  const deadline = performance.now() + seconds * 1000;
  let reads = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async (_, w) => {
      for (let i = w; performance.now() < deadline; i += 64) {
        const record = await store.getRecord(ids[i % ids.length]!);
        await store.getContent(record!.content_hash);
        reads++;
      }
    }),
  );
  console.log(
    `S3 record+content reads, concurrency 64: ${(reads / ((performance.now() - start) / 1000)).toFixed(0)} reads/s`,
  );
  await store.close();
} finally {
  await server.close();
}
