// The scale-out part of `pnpm bench`: the API with the embedded log store at QRG_WORKERS=auto and =1, and
// with the S3 backend (s3rver on loopback), each measured at 100 connections in the same run as the echo
// reference; plus the log store's commit rate alone at concurrency 64. Returns the rows and the goals.
import { join } from "node:path";
import { startTestS3Server } from "../../packages/storage/testing/index.ts";
import { type LoadResult, load } from "./load.ts";

export interface Spawned extends AsyncDisposable {
  url: string;
}

export interface ScaleBenchContext {
  root: string;
  startApi(env: Record<string, string>): Promise<Spawned>;
  headers: Record<string, string>;
  body: (i: number) => string;
  duration: number;
  short: number;
  echoRps: number;
  note(result: LoadResult): void;
  runScript(path: string, args?: string[]): Promise<string>;
}

export interface Goal {
  goal: string;
  ok: boolean;
  value: string;
}

async function generateAndValidate(ctx: ScaleBenchContext, label: string, api: Spawned, seconds: number) {
  const generate = `${api.url}/api/v1/qrg/generate`;
  const validate = `${api.url}/api/v1/qrg/validate`;
  const post = (
    url: string,
    name: string,
    bodyOf: (i: number) => string,
    duration: number,
    connections = 100,
  ) => load({ name, url, method: "POST", headers: ctx.headers, body: bodyOf, duration, connections });
  // Warm-up at 10 connections: JIT, key loading and, with workers, every worker's first requests.
  await post(generate, "warm-up", ctx.body, 3, 10);
  const gen = await post(generate, `generate ${label}`, ctx.body, seconds);
  ctx.note(gen);
  const samples: string[] = [];
  for (let i = 0; i < 100; i++) {
    const res = await fetch(generate, { method: "POST", headers: ctx.headers, body: ctx.body(2e7 + i) });
    const json = (await res.json()) as { qrg_id: string; artifact: { hash: string } };
    samples.push(JSON.stringify({ qrg_id: json.qrg_id, expected_hash: json.artifact.hash }));
  }
  const val = await post(validate, `validate ${label}`, (i) => samples[i % samples.length]!, seconds);
  ctx.note(val);
  return { gen, val };
}

export async function runScaleBench(ctx: ScaleBenchContext): Promise<{ goals: Goal[]; storage: string }> {
  let auto: Awaited<ReturnType<typeof generateAndValidate>>;
  let single: Awaited<ReturnType<typeof generateAndValidate>>;
  {
    await using api = await ctx.startApi({ QRG_WORKERS: "auto" });
    auto = await generateAndValidate(ctx, "log, workers=auto", api, ctx.duration);
  }
  {
    await using api = await ctx.startApi({ QRG_WORKERS: "1" });
    single = await generateAndValidate(ctx, "log, workers=1", api, ctx.duration);
  }
  const s3 = await startTestS3Server("qrg-bench");
  try {
    await using api = await ctx.startApi({
      ...s3.env,
      QRG_WORKERS: "auto",
      QRG_STORAGE: "s3",
      QRG_S3_BUCKET: s3.bucket,
      QRG_S3_ENDPOINT: s3.endpoint,
      QRG_S3_PREFIX: "bench/",
      QRG_S3_CONDITIONAL_WRITES: "false",
    });
    await generateAndValidate(ctx, "s3 (s3rver), workers=auto", api, ctx.short);
  } finally {
    await s3.close();
  }
  const storage = await ctx.runScript(join(ctx.root, "packages/storage/bench/log-commit.bench.ts"), ["5"]);
  const commits = Number(/concurrency 64:\s+(\d+) commits\/s/.exec(storage)?.[1] ?? 0);
  const pct = (n: number) => `${((100 * n) / ctx.echoRps).toFixed(1)}% (${n} req/s)`;
  const goals: Goal[] = [
    {
      goal: "generate (log, auto) >= 10% of echo",
      ok: auto.gen.rps >= 0.1 * ctx.echoRps,
      value: pct(auto.gen.rps),
    },
    { goal: "generate (log, auto) p99 <= 100 ms", ok: auto.gen.p99 <= 100, value: `${auto.gen.p99} ms` },
    {
      goal: "validate (log, auto) >= 15% of echo",
      ok: auto.val.rps >= 0.15 * ctx.echoRps,
      value: pct(auto.val.rps),
    },
    { goal: "storage >= 10,000 commits/s @64", ok: commits >= 10_000, value: `${commits} commits/s` },
    {
      goal: "workers=auto >= 1.7x workers=1",
      ok: auto.gen.rps >= 1.7 * single.gen.rps,
      value: `${(auto.gen.rps / single.gen.rps).toFixed(2)}x generate, ${(auto.val.rps / single.val.rps).toFixed(2)}x validate`,
    },
  ];
  return { goals, storage };
}
