// `node tooling/bench/consensus.ts`: consensus generate (three `qrg-api node` processes on a real
// redis-server, the API coordinating) beside single-node generate on the same API, both at 10 connections,
// in one run. Prints both p95s and their ratio (goal: consensus p95 ≤ 3 × single-node p95) and, with
// --json, one JSON line for tooling/bench/run.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDevIssuer } from "../../apps/api/src/auth/dev-issuer.ts";
import { spawnApi, spawnMeshNode } from "../../apps/api/test/support/mesh-processes.ts";
import { startRedisServer } from "../../packages/consensus/testing/redis-server.ts";
import { type LoadResult, load } from "./load.ts";

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = 10;
const GOAL_RATIO = 3;

const example = {
  user_id: "lid:bench_user",
  context: {
    consciousness_state: { emotional_valence: 0.7, cognitive_load: 0.3, attention_focus: 0.8 },
    cultural_context: {
      languages: ["en", "es"],
      regions: ["US", "MX"],
      accessibility_needs: ["high_contrast"],
    },
    tier_level: 4,
  },
};
const run = Date.now().toString(36);
const body = (consensus: boolean) => (i: number) =>
  JSON.stringify({
    ...example,
    seed: `bench-${run}-${consensus ? "mesh" : "single"}-${i.toString().padStart(8, "0")}`,
    options: { entropy_source: "pseudo_rng", consensus_required: consensus, timeout_ms: 5000 },
  });

export interface ConsensusBench {
  single: LoadResult;
  consensus: LoadResult;
  ratio: number;
  goal: number;
  pass: boolean;
}

export async function benchConsensus(): Promise<ConsensusBench> {
  const root = await mkdtemp(join(tmpdir(), "qrg-bench-mesh-"));
  const redis = await startRedisServer();
  const stops: (() => Promise<void>)[] = [];
  try {
    const nodes = await Promise.all(
      ["n1", "n2", "n3"].map((nodeId) =>
        spawnMeshNode({
          nodeId,
          redisUrl: redis.url,
          dataDir: join(root, nodeId),
          env: { QRG_LOG_LEVEL: "warn" },
        }),
      ),
    );
    for (const node of nodes) stops.push(() => node.stop());
    const dataDir = join(root, "api");
    const api = await spawnApi({
      QRG_DATA_DIR: dataDir,
      QRG_LOG_LEVEL: "warn",
      QRG_CONSENSUS_ENABLED: "true",
      QRG_REDIS_URL: redis.url,
      QRG_MESH_NODES: "n1,n2,n3",
    });
    stops.unshift(() => api.stop());
    const token = await (await loadDevIssuer(dataDir)).sign(
      { sub: "lid:bench_user", tier: 4, consent: ["consciousness"] },
      { audience: "qrg-api", ttlSeconds: 3600 },
    );
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const url = `${api.url}/api/v1/qrg/generate`;
    // Warm both paths (JIT, key loading, first queue round trips) before measuring.
    await load({ name: "warm", url, method: "POST", headers, body: body(true), duration: 2, connections });
    const single = await load({
      name: "generate (single node)",
      url,
      method: "POST",
      headers,
      body: body(false),
      duration,
      connections,
    });
    const consensus = await load({
      name: "generate (consensus, 3 nodes)",
      url,
      method: "POST",
      headers,
      body: body(true),
      duration,
      connections,
    });
    const ratio = Math.round((consensus.p95 / single.p95) * 100) / 100;
    return {
      single,
      consensus,
      ratio,
      goal: GOAL_RATIO,
      pass: ratio <= GOAL_RATIO && consensus.non2xx === 0,
    };
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    await redis.cleanup();
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const result = await benchConsensus();
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    for (const r of [result.single, result.consensus]) {
      process.stdout.write(
        `${r.name.padEnd(32)} ${String(r.requests).padStart(6)} req  ${String(r.rps).padStart(8)} rps  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  non2xx ${r.non2xx}\n`,
      );
    }
    process.stdout.write(
      `consensus p95 / single-node p95 = ${result.ratio} (goal ≤ ${result.goal}): ${result.pass ? "PASS" : "FAIL"}\n`,
    );
  }
  process.exitCode = result.pass ? 0 : 1;
}
