// Signature throughput: `node packages/provenance/bench/algorithms.bench.ts [seconds]`.
// Part 1 prints sign and verify ops/s per algorithm and backend (single thread, cached parsed keys, a 512-byte
// message like a DSSE PAE of a small statement). Part 2 estimates what hybrid signing does to a request's
// throughput: simulated requests, 32 in flight, each doing `work` ms of main-thread CPU (generation, gates,
// hashing, JSON) and then signing with Ed25519 only, Ed25519 + ML-DSA-87 inline, or Ed25519 + ML-DSA-87 on
// the worker pool. Reported as requests/s and as a ratio to Ed25519-only.
import { createHash } from "node:crypto";
import { type CryptoBackend, nodeSupports, verifySignature } from "@qrg/verify";
import { closeSignWorkers, createSoftwareSigningKey, generateKeyPair } from "../src/algorithms/index.ts";
import type { SigningKey } from "../src/signing-key.ts";

const seconds = Number(process.argv[2] ?? 1);
const algorithms = ["ed25519", "ecdsa-p256", "ml-dsa-87"] as const;
const message = new Uint8Array(512).fill(0x61);

function measure(run: () => void): number {
  for (let i = 0; i < 20; i++) run();
  const start = performance.now();
  const deadline = start + seconds * 500;
  let ops = 0;
  while (performance.now() < deadline) {
    for (let j = 0; j < 10; j++) run();
    ops += 10;
  }
  return ops / ((performance.now() - start) / 1000);
}

console.log("algorithm   backend  sign ops/s  verify ops/s");
for (const algorithm of algorithms) {
  for (const backend of ["node", "noble"] as CryptoBackend[]) {
    if (backend === "node" && !nodeSupports(algorithm)) continue;
    const pair = generateKeyPair(algorithm, { backend });
    const key = createSoftwareSigningKey(algorithm, pair.privateKeyPkcs8, "file", { backend });
    // Synchronous inner loop: await on an already-settled sign() would add only microtask overhead.
    let signature: Uint8Array = new Uint8Array();
    const signRate = measure(() => {
      key.sign(message).then((s) => {
        signature = s;
      });
    });
    await key.sign(message).then((s) => {
      signature = s;
    });
    const verifyRate = measure(() => {
      verifySignature(algorithm, pair.publicKeySpki, message, signature, { backend });
    });
    console.log(
      `${algorithm.padEnd(11)} ${backend.padEnd(8)} ${signRate.toFixed(0).padStart(10)}  ${verifyRate.toFixed(0).padStart(12)}`,
    );
  }
}

/** ~`ms` of main-thread CPU standing in for generation, gates, hashing and JSON. */
function busyWork(ms: number): void {
  const chunk = new Uint8Array(16 * 1024);
  const end = performance.now() + ms;
  while (performance.now() < end) createHash("sha256").update(chunk).digest();
}

async function requestsPerSecond(work: number, keys: SigningKey[]): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const start = performance.now();
  const lane = async () => {
    while (performance.now() < deadline) {
      busyWork(work);
      await Promise.all(keys.map((key) => key.sign(message)));
      done++;
      // Yield like an HTTP server between requests.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: 32 }, lane));
  return done / ((performance.now() - start) / 1000);
}

const ed = createSoftwareSigningKey("ed25519", generateKeyPair("ed25519").privateKeyPkcs8);
const mlPkcs8 = generateKeyPair("ml-dsa-87").privateKeyPkcs8;
const mlInline = createSoftwareSigningKey("ml-dsa-87", mlPkcs8);
const mlOffloaded = createSoftwareSigningKey("ml-dsa-87", mlPkcs8, "file", { offload: true });
await mlOffloaded.sign(message);

console.log("\nwork ms  ed25519 req/s  hybrid inline req/s (ratio)  hybrid offloaded req/s (ratio)");
for (const work of [0.25, 1, 2]) {
  const base = await requestsPerSecond(work, [ed]);
  const inline = await requestsPerSecond(work, [ed, mlInline]);
  const offloaded = await requestsPerSecond(work, [ed, mlOffloaded]);
  console.log(
    `${work.toFixed(2).padStart(7)}  ${base.toFixed(0).padStart(13)}  ${inline.toFixed(0).padStart(13)} (${(inline / base).toFixed(2)})  ${offloaded.toFixed(0).padStart(16)} (${(offloaded / base).toFixed(2)})`,
  );
}
await closeSignWorkers();
