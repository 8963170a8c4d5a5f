/**
 * Telemetry overhead on a generation-shaped workload: the orchestrator's span tree (8 spans), its metric
 * calls and one log line below the level, around a fixed amount of CPU work (hashing, like signing and
 * content addressing do). Compares tracing off (the default) with tracing on, exported over OTLP/HTTP to a
 * local receiver in batches. Run: node packages/telemetry/bench/overhead.bench.ts [generations]
 */
import { createHash } from "node:crypto";
import { createTelemetry, type QrgTelemetry, withIncomingContext } from "../src/index.ts";
import { startOtlpReceiver } from "../testing/otlp-receiver.ts";

const GATES = ["ConstitutionalGatekeeper", "CulturalSafetyChecker", "CognitiveLoadEstimator"] as const;
const payload = Buffer.alloc(16 * 1024, 7);

/** ~0.3 ms of CPU on a typical core: roughly a generation's hashing and signing. */
function work(): string {
  let digest = "";
  for (let i = 0; i < 12; i++) digest = createHash("sha256").update(payload).update(digest).digest("hex");
  return digest;
}

async function generation(t: QrgTelemetry, n: number): Promise<void> {
  await withIncomingContext({}, () =>
    t.span(
      "qrg.generate",
      {
        "qrg.user_id": "bench",
        "qrg.seed": "seed-for-benchmarking",
        "qrg.tier_level": 3,
        "qrg.entropy_source": "pseudo_rng",
      },
      async (span) => {
        await t.span("qrg.generate.safety_checks", {}, () =>
          t.span("qrg.generate.safety_checks.ConstitutionalGatekeeper", {}, async () => {}),
        );
        await t.span("qrg.generate.artifact", {}, async () => work());
        await t.span("qrg.generate.safety_checks", {}, async () => {
          for (const gate of GATES.slice(1))
            await t.span(`qrg.generate.safety_checks.${gate}`, {}, async () => {});
        });
        await t.span("qrg.generate.provenance", {}, async () => {});
        await t.span("qrg.generate.store", {}, async () => {});
        for (const gate of GATES) t.safetyScore(gate, 0.95);
        t.cognitiveLoad(3, 0.4);
        t.slsaLevel(`qrg_${n}`, 3);
        t.logger.debug({ n }, "generated");
        span.setAttributes({
          "qrg.qrg_id": `qrg_${n}`,
          "qrg.total_time_ms": 1,
          "qrg.safety.status": "approved",
        });
      },
    ),
  );
  t.generation({ tier_level: 3, entropy_source: "pseudo_rng", status: "success", duration_seconds: 0.001 });
  t.httpRequest({ method: "POST", route: "/v1/generate", status: 200, duration_seconds: 0.001 });
}

async function throughput(t: QrgTelemetry, count: number): Promise<number> {
  for (let i = 0; i < 200; i++) await generation(t, i); // warm-up
  const started = performance.now();
  for (let i = 0; i < count; i++) await generation(t, i);
  const seconds = (performance.now() - started) / 1000;
  await t.forceFlush();
  return count / seconds;
}

const count = Number(process.argv[2] ?? 3000);
const receiver = await startOtlpReceiver();
const off = createTelemetry({ env: { QRG_LOG_LEVEL: "info" } });
const on = createTelemetry({
  env: {
    QRG_LOG_LEVEL: "info",
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
  },
});
const rounds: { off: number; on: number }[] = [];
for (let round = 0; round < 3; round++) {
  rounds.push({ off: await throughput(off, count), on: await throughput(on, count) });
}
const best = { off: Math.max(...rounds.map((r) => r.off)), on: Math.max(...rounds.map((r) => r.on)) };
const cost = 1 - best.on / best.off;
console.log(
  JSON.stringify(
    {
      generations: count,
      off_per_second: Math.round(best.off),
      on_per_second: Math.round(best.on),
      throughput_cost: `${(cost * 100).toFixed(1)}%`,
      exported_requests: receiver.received.length,
    },
    null,
    2,
  ),
);
await Promise.all([off.shutdown(), on.shutdown(), receiver.close()]);
