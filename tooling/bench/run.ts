// `pnpm bench`: drives the real API (embedded defaults, quotas off) with autocannon at 100 connections,
// beside a bare Hono echo route as the reference, then the scale-out runs (tooling/bench/scale.ts: workers,
// the log store, S3), then the packages' micro-benchmarks. Prints a
// table, checks the goals, and writes bench-results/latest.json.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDevIssuer } from "../../apps/api/src/auth/dev-issuer.ts";
import { spawnServer } from "../../apps/api/test/support/spawn-server.ts";
import { benchConsensus } from "./consensus.ts";
import { type LoadResult, load } from "./load.ts";
import { runScaleBench } from "./scale.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const duration = Number(process.env.BENCH_DURATION ?? 10);
const short = Math.max(3, Math.round(duration / 2));
const example = {
  user_id: "lid:bench_user",
  seed: "quantum-seed-2025-11-10-xyz",
  context: {
    consciousness_state: { emotional_valence: 0.7, cognitive_load: 0.3, attention_focus: 0.8 },
    cultural_context: {
      languages: ["en", "es"],
      regions: ["US", "MX"],
      accessibility_needs: ["high_contrast"],
    },
    tier_level: 4,
  },
  options: { entropy_source: "pseudo_rng", consensus_required: false, timeout_ms: 5000 },
};
const run = Date.now().toString(36);
const body =
  (options: Record<string, unknown> = {}) =>
  (i: number) =>
    JSON.stringify({
      ...example,
      seed: `bench-${run}-seed-${i.toString().padStart(8, "0")}`,
      options: { ...example.options, ...options },
    });

async function startApi(dataDir: string, env: Record<string, string> = {}) {
  return spawnServer(join(root, "apps/api/src/cli.ts"), ["serve"], {
    PORT: "0",
    HOST: "127.0.0.1",
    QRG_DATA_DIR: dataDir,
    QRG_QUOTAS: "off",
    QRG_LOG_LEVEL: "warn",
    ...env,
  });
}

/** A minimal OTLP/HTTP receiver: accepts and counts trace exports, as a collector would. */
async function otlpReceiver() {
  let exports = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      exports++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports: () => exports,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function runScript(path: string, args: string[] = []): Promise<string> {
  return new Promise((resolve) => {
    if (!existsSync(path)) return resolve(`(missing: ${path})`);
    const child = spawn(process.execPath, [path, ...args], {
      cwd: root,
      env: { ...process.env, QRG_LOG_LEVEL: "warn" },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.stderr.on("data", (c: Buffer) => (out += c));
    child.on("exit", (code) => resolve(code === 0 ? out.trim() : `${out.trim()}\n(exit ${code})`));
  });
}

async function main() {
  const results: LoadResult[] = [];
  const note = (r: LoadResult) => {
    results.push(r);
    console.log(
      `${r.name.padEnd(28)} ${String(r.rps).padStart(9)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  (${r.requests} requests, ${r.errors} errors, ${r.non2xx} non-2xx)`,
    );
  };
  const dataDir = await mkdtemp(join(tmpdir(), "qrg-bench-"));
  try {
    {
      await using echo = await spawnServer(join(root, "tooling/bench/echo-server.ts"), [], {});
      const echoBody = JSON.stringify(example);
      note(
        await load({
          name: "hono echo (reference)",
          url: `${echo.url}/echo`,
          method: "POST",
          headers: { "content-type": "application/json" },
          body: () => echoBody,
          duration,
        }),
      );
    }

    const issuer = await loadDevIssuer(dataDir);
    const token = await issuer.sign(
      { sub: example.user_id, tier: 4, consent: ["consciousness"] },
      { audience: "qrg-api", ttlSeconds: 3600 },
    );
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const post = (
      url: string,
      name: string,
      bodyOf: (i: number) => string,
      seconds = duration,
      connections = 100,
    ) => load({ name, url, method: "POST", headers, body: bodyOf, duration: seconds, connections });
    const warmUp = (generate: string) => post(generate, "warm-up", body(), 2, 10);

    {
      await using api = await startApi(dataDir);
      const generate = `${api.url}/api/v1/qrg/generate`;
      const validate = `${api.url}/api/v1/qrg/validate`;
      await warmUp(generate);
      note(await post(generate, "generate ed25519", body()));

      const samples: Array<{ qrg_id: string; expected_hash: string }> = [];
      for (const algorithm of ["ed25519", "hybrid"]) {
        for (let i = 0; i < 100; i++) {
          const res = await fetch(generate, {
            method: "POST",
            headers,
            body: body({ signature_algorithm: algorithm })(1e7 + samples.length),
          });
          const json = (await res.json()) as { qrg_id: string; artifact: { hash: string } };
          samples.push({ qrg_id: json.qrg_id, expected_hash: json.artifact.hash });
        }
      }
      const ed = samples.slice(0, 100).map((s) => JSON.stringify(s));
      const hy = samples.slice(100).map((s) => JSON.stringify(s));
      note(await post(validate, "validate ed25519", (i) => ed[i % ed.length]!));
      note(await post(validate, "validate hybrid", (i) => hy[i % hy.length]!, short));
      note(await load({ name: "health", url: `${api.url}/api/v1/qrg/health`, duration }));
      // The same routes at 10 connections: service latency without 100 requests queued on one event loop.
      note(await post(validate, "validate ed25519 @10", (i) => ed[i % ed.length]!, short, 10));
      note(
        await load({
          name: "health @10",
          url: `${api.url}/api/v1/qrg/health`,
          duration: short,
          connections: 10,
        }),
      );
      note(await post(generate, "generate ed25519 @10", body(), short, 10));
      for (const algorithm of ["ecdsa-p256", "ml-dsa-87", "hybrid"]) {
        note(await post(generate, `generate ${algorithm}`, body({ signature_algorithm: algorithm }), short));
      }
      note(await post(generate, "generate ed25519 (again)", body(), short));
    }

    // Telemetry overhead: tracing off and on (exported to a local OTLP receiver; metrics are always on),
    // alternated twice so that the disk's drift on this VM weighs on both alike.
    const receiver = await otlpReceiver();
    for (const round of [1, 2]) {
      for (const tracing of [false, true]) {
        await using api = await startApi(
          dataDir,
          tracing
            ? {
                OTEL_TRACES_EXPORTER: "otlp",
                OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
                OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
              }
            : {},
        );
        const generate = `${api.url}/api/v1/qrg/generate`;
        await warmUp(generate);
        note(await post(generate, `generate ${tracing ? "+tracing" : "-tracing"} #${round}`, body(), short));
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    console.log(`  (OTLP receiver got ${receiver.exports()} trace export requests)`);
    await receiver.close();

    const by = (name: string) => results.find((r) => r.name === name)!;
    const echo = by("hono echo (reference)");
    const gen = by("generate ed25519");
    const genAgain = by("generate ed25519 (again)");
    const hybrid = by("generate hybrid");
    const mean = (prefix: string) =>
      results.filter((r) => r.name.startsWith(prefix)).reduce((sum, r) => sum + r.rps, 0) / 2;
    const tracedRps = mean("generate +tracing");
    const untracedRps = mean("generate -tracing");
    // Scale-out: workers, the log store and S3, each beside the echo measured above.
    console.log("\nScale-out");
    const scale = await runScaleBench({
      root,
      startApi: (env) => startApi(dataDir, env),
      headers,
      body: body(),
      duration,
      short,
      echoRps: echo.rps,
      note,
      runScript,
    });
    const goals = [
      { goal: "generate >= 2,000 req/s", ok: gen.rps >= 2000, value: `${gen.rps} req/s` },
      {
        goal: "generate >= 10% of echo",
        ok: gen.rps >= 0.1 * echo.rps,
        value: `${((100 * gen.rps) / echo.rps).toFixed(1)}%`,
      },
      { goal: "generate p99 <= 100 ms", ok: gen.p99 <= 100, value: `${gen.p99} ms` },
      {
        goal: "validate p95 <= 10 ms",
        ok: by("validate ed25519").p95 <= 10,
        value: `${by("validate ed25519").p95} ms`,
      },
      {
        goal: "validate (hybrid) p95 <= 10 ms",
        ok: by("validate hybrid").p95 <= 10,
        value: `${by("validate hybrid").p95} ms`,
      },
      { goal: "health p99 <= 5 ms", ok: by("health").p99 <= 5, value: `${by("health").p99} ms` },
      {
        goal: "hybrid >= 40% of ed25519",
        ok: hybrid.rps >= 0.4 * genAgain.rps,
        value: `${((100 * hybrid.rps) / genAgain.rps).toFixed(1)}%`,
      },
      {
        goal: "telemetry on costs <= 10%",
        ok: tracedRps >= 0.9 * untracedRps,
        value: `${((100 * (untracedRps - tracedRps)) / untracedRps).toFixed(1)}% cost`,
      },
    ];
    goals.push(...scale.goals);
    // Mesh consensus: three node processes on a real redis-server, the API coordinating, at 10 connections.
    console.log("\nMesh consensus");
    const mesh = await benchConsensus();
    note(mesh.single);
    note(mesh.consensus);
    goals.push({
      goal: `consensus p95 <= ${mesh.goal}x single-node p95`,
      ok: mesh.pass,
      value: `${mesh.ratio.toFixed(2)}x`,
    });
    console.log("\nGoals");
    for (const g of goals) console.log(`  ${g.ok ? "MET " : "MISS"}  ${g.goal.padEnd(32)} ${g.value}`);

    console.log("\nMicro-benchmarks");
    const micro: Record<string, string> = {};
    for (const [name, path] of Object.entries({
      engine: "packages/engine/bench/engine.bench.ts",
      gates: "packages/gates/bench/gates.bench.ts",
      algorithms: "packages/provenance/bench/algorithms.bench.ts",
      storage: "packages/storage/bench/commit.bench.ts",
    })) {
      micro[name] = await runScript(join(root, path));
      console.log(`-- ${name}\n${micro[name]}`);
    }

    await mkdir(join(root, "bench-results"), { recursive: true });
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: 2,
      duration_s: duration,
      results,
      goals,
      micro,
      storage: scale.storage,
    };
    await writeFile(join(root, "bench-results/latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log("\nwrote bench-results/latest.json");
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
