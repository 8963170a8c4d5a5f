import { readFixture } from "@qrg/schema/testing";
import { runDashboardQueries, startOtlpReceiver, startPrometheus } from "@qrg/telemetry/testing";
import { describe, expect, it } from "vitest";
import { freePort, json, startTestApi } from "./support/harness.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";

describe("observability of the real API", () => {
  it("exports the spec's spans to a real OTLP/HTTP receiver under the caller's trace id", async () => {
    const receiver = await startOtlpReceiver();
    try {
      await using api = await startTestApi(
        {},
        {
          telemetryEnv: {
            OTEL_TRACES_EXPORTER: "otlp",
            OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
            OTEL_BSP_SCHEDULE_DELAY: "100",
            QRG_LOG_LEVEL: "warn",
          },
        },
      );
      const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      const res = await api.post(GENERATE, example, undefined, {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(res.headers.get("traceparent")).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      await receiver.waitFor(() => receiver.jsonSpans().some((s) => s.name === "qrg.generate.store"), 10_000);
      const spans = receiver.jsonSpans().filter((s) => s.traceId === traceId);
      const names = spans.map((s) => s.name);
      expect(names).toEqual(
        expect.arrayContaining([
          "qrg.generate",
          "qrg.generate.artifact",
          "qrg.generate.safety_checks",
          "qrg.generate.safety_checks.ConstitutionalGatekeeper",
          "qrg.generate.safety_checks.CulturalSafetyChecker",
          "qrg.generate.safety_checks.CognitiveLoadEstimator",
          "qrg.generate.provenance",
          "qrg.generate.store",
        ]),
      );
      const root = spans.find((s) => s.name === "qrg.generate")!;
      expect(root.parentSpanId).toBe("00f067aa0ba902b7");
      const attrs = Object.fromEntries(
        (root.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]),
      );
      expect(attrs["qrg.user_id"]).toBe(example.user_id);
      expect(attrs["qrg.seed"]).toBe(example.seed.slice(0, 16));
      expect(String(attrs["qrg.tier_level"])).toBe("4");
      expect(attrs["qrg.entropy_source"]).toBe("pseudo_rng");
      expect(attrs["qrg.qrg_id"]).toBe(body.qrg_id);
      expect(attrs["qrg.safety.status"]).toBe("approved");
      expect(attrs["qrg.total_time_ms"]).toBeDefined();
      expect(JSON.stringify(receiver.jsonSpans())).not.toContain(example.seed);

      const problem = await api.post(GENERATE, "{", undefined, {
        traceparent: `00-${"a".repeat(32)}-${"b".repeat(16)}-01`,
      });
      expect((await json(problem)).trace_id).toBe("a".repeat(32));
    } finally {
      await receiver.close();
    }
  });

  it("is scraped by a real Prometheus whose counts match the requests made, and every dashboard query runs", async () => {
    // Scraped where production scrapes it: the metrics listener, not the public API port.
    const metricsPort = await freePort();
    await using api = await startTestApi({ QRG_LOG_LEVEL: "warn", QRG_METRICS_PORT: String(metricsPort) });
    const target = `127.0.0.1:${metricsPort}`;
    expect((await api.get("/metrics")).status).toBe(404);
    const prometheus = await startPrometheus({ targets: [target], intervalSeconds: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await api.post(GENERATE, { ...example, seed: `prometheus-e2e-seed-${i}` });
        expect(res.status).toBe(200);
      }
      for (let i = 0; i < 2; i++) {
        const res = await api.post(GENERATE, {
          ...example,
          context: { ...example.context, intent: "help me kill my neighbour" },
        });
        expect(res.status).toBe(422);
      }
      await api.post(GENERATE, "{", undefined);
      const ok = await prometheus.waitFor(
        'sum(qrg_generations_total{status="success"})',
        (v) => v === 5,
        20_000,
      );
      expect(ok).toBe(5);
      expect(
        await prometheus.waitFor('sum(qrg_generations_total{status="rejected"})', (v) => v === 2, 20_000),
      ).toBe(2);
      expect(await prometheus.waitFor("sum(qrg_safety_rejections_total)", (v) => v === 2, 20_000)).toBe(2);
      expect(
        await prometheus.waitFor(
          'sum(qrg_http_requests_total{route="/api/v1/qrg/generate",status="400"})',
          (v) => v === 1,
          20_000,
        ),
      ).toBe(1);
      const results = await runDashboardQueries(prometheus);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r.status, `${r.panel}: ${r.expr} ${r.error ?? ""}`).toBe("success");
    } finally {
      await prometheus.stop();
    }
  }, 90_000);
});
