import { afterEach, describe, expect, it } from "vitest";
import { createTelemetry, type QrgTelemetry } from "../src/index.ts";
import { requireExecutable, runTool, toolAvailability } from "../testing/binaries.ts";
import { bucketBounds, parseExposition } from "./support/exposition.ts";

/** The product metrics' contract (docs/design.md), transcribed independently of the implementation. */
const SPEC = [
  {
    name: "qrg_generations_total",
    type: "counter",
    help: "Total QRG artifacts generated",
    labels: ["tier_level", "entropy_source", "status"],
  },
  {
    name: "qrg_generation_duration_seconds",
    type: "histogram",
    help: "Time to generate QRG artifact",
    labels: ["tier_level"],
    buckets: [0.1, 0.5, 1.0, 2.0, 5.0, 10.0],
  },
  {
    name: "qrg_safety_rejections_total",
    type: "counter",
    help: "Total QRG artifacts rejected by safety gates",
    labels: ["gate_type", "reason"],
  },
  {
    name: "qrg_safety_score",
    type: "histogram",
    help: "Safety gate scores",
    labels: ["gate_type"],
    buckets: [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0],
  },
  { name: "qrg_provenance_slsa_level", type: "gauge", help: "SLSA provenance level", labels: [] },
  {
    name: "qrg_signature_verifications_total",
    type: "counter",
    help: "Total signature verifications",
    labels: ["status"],
  },
  {
    name: "qrg_cognitive_load",
    type: "histogram",
    help: "Estimated cognitive load of artifacts",
    labels: ["tier_level"],
    buckets: [0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
  },
  { name: "qrg_consensus_jobs_total", type: "counter", help: "Total consensus jobs", labels: ["status"] },
  {
    name: "qrg_consensus_agreement_score",
    type: "histogram",
    help: "Consensus agreement score",
    labels: [],
    buckets: [0.0, 0.33, 0.5, 0.67, 0.8, 0.9, 1.0],
  },
] as const;

const instances: QrgTelemetry[] = [];
function fresh(options: Parameters<typeof createTelemetry>[0] = {}): QrgTelemetry {
  const telemetry = createTelemetry({ env: {}, ...options });
  instances.push(telemetry);
  return telemetry;
}

afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.shutdown()));
});

/** One event of every kind, as a generation, a rejection, a validation and a consensus job would record. */
function recordOneOfEverything(t: QrgTelemetry): void {
  t.generation({ tier_level: 4, entropy_source: "pseudo_rng", status: "success", duration_seconds: 0.58 });
  t.generation({ tier_level: 2, entropy_source: "pseudo_rng", status: "rejected", duration_seconds: 0.01 });
  t.safetyScore("ConstitutionalGatekeeper", 0.97);
  t.safetyScore("CulturalSafetyChecker", 0.2);
  t.safetyRejection("CulturalSafetyChecker", "slur.leetspeak");
  t.cognitiveLoad(4, 0.35);
  t.slsaLevel("qrg_0001", 3);
  t.signatureVerification("valid");
  t.consensusJob("submitted");
  t.consensusAgreement(0.67);
  t.consciousnessDisabled("no_consent");
  t.httpRequest({ method: "post", route: "/v1/generate", status: 200, duration_seconds: 0.02 });
  t.keyProviderError("pkcs11");
  t.safetyGateOutcome("CognitiveLoadEstimator", "timeout");
}

describe("the /metrics exposition", () => {
  it("carries every spec metric with its exact help, type, label names and buckets", async () => {
    const t = fresh({ defaultMetrics: false });
    recordOneOfEverything(t);
    const metrics = parseExposition(await t.metricsText());
    for (const spec of SPEC) {
      const metric = metrics.get(spec.name);
      expect(metric, spec.name).toBeDefined();
      expect(metric!.help, spec.name).toBe(spec.help);
      expect(metric!.type, spec.name).toBe(spec.type);
      expect(metric!.samples.length, spec.name).toBeGreaterThan(0);
      for (const sample of metric!.samples) {
        const names = Object.keys(sample.labels).filter((l) => l !== "le");
        expect(names.sort(), spec.name).toEqual([...spec.labels].sort());
      }
      if ("buckets" in spec) {
        const first = metric!.samples[0]!.labels;
        const match = Object.fromEntries(Object.entries(first).filter(([k]) => k !== "le"));
        expect(bucketBounds(metric!, match), spec.name).toEqual([...spec.buckets]);
      }
    }
  });

  it("counts what was recorded, with bounded label values", async () => {
    const t = fresh({ defaultMetrics: false });
    recordOneOfEverything(t);
    const text = await t.metricsText();
    expect(text).toContain(
      'qrg_generations_total{tier_level="4",entropy_source="pseudo_rng",status="success"} 1',
    );
    expect(text).toContain('qrg_generation_duration_seconds_bucket{le="1",tier_level="4"} 1');
    expect(text).toContain('qrg_generation_duration_seconds_bucket{le="0.5",tier_level="4"} 0');
    expect(text).toContain(
      'qrg_safety_rejections_total{gate_type="CulturalSafetyChecker",reason="slur.leetspeak"} 1',
    );
    expect(text).toContain("qrg_provenance_slsa_level 3");
    expect(text).not.toContain("qrg_0001");
    expect(text).toContain('qrg_http_requests_total{method="POST",route="/v1/generate",status="200"} 1');
    expect(text).toContain('qrg_http_request_duration_seconds_count{method="POST",route="/v1/generate"} 1');
    expect(text).toContain('qrg_consciousness_disabled_total{reason="no_consent"} 1');
    expect(text).toContain('qrg_key_provider_errors_total{provider="pkcs11"} 1');
    expect(text).toContain('qrg_safety_gate_up{gate_type="CognitiveLoadEstimator"} 0');
    expect(text).toContain('qrg_safety_gate_up{gate_type="ConstitutionalGatekeeper"} 1');
    expect(text).toContain(
      'qrg_safety_gate_failures_total{gate_type="CognitiveLoadEstimator",kind="timeout"} 1',
    );
  });

  it("starts closed-vocabulary counters at zero so the first event shows in rate()", async () => {
    const t = fresh({ defaultMetrics: false, keyProviders: ["file"] });
    const text = await t.metricsText();
    for (const status of ["valid", "invalid", "error"]) {
      expect(text).toContain(`qrg_signature_verifications_total{status="${status}"} 0`);
    }
    for (const status of ["submitted", "completed", "failed", "timeout"]) {
      expect(text).toContain(`qrg_consensus_jobs_total{status="${status}"} 0`);
    }
    expect(text).toContain('qrg_key_provider_errors_total{provider="file"} 0');
    expect(text).toContain("qrg_consensus_agreement_score_count 0");
  });

  it("includes the default Node.js process metrics", async () => {
    const metrics = parseExposition(await fresh().metricsText());
    for (const name of [
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(metrics.has(name), name).toBe(true);
    }
  });

  it("keeps a separate registry per Telemetry instance", async () => {
    const a = fresh({ defaultMetrics: false });
    const b = fresh({ defaultMetrics: false });
    a.signatureVerification("invalid");
    expect(await a.metricsText()).toContain('qrg_signature_verifications_total{status="invalid"} 1');
    expect(await b.metricsText()).toContain('qrg_signature_verifications_total{status="invalid"} 0');
    expect(a.registry).not.toBe(b.registry);
    expect(a.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  });
});

describe("cardinality bounds", () => {
  it("keeps qrg_provenance_slsa_level to one series with no artifact identifier", async () => {
    const t = fresh({ defaultMetrics: false });
    for (let i = 0; i < 250; i++) t.slsaLevel(`qrg_${i}`, i % 4);
    const slsa = parseExposition(await t.metricsText()).get("qrg_provenance_slsa_level")!;
    expect(slsa.samples).toHaveLength(1);
    expect(slsa.samples[0]!.labels).toEqual({});
    expect(slsa.samples[0]!.value).toBe(249 % 4);
  });

  it("folds free-text and excess rejection reasons into 'other'", async () => {
    const t = fresh({ defaultMetrics: false, rejectionReasons: 2 });
    t.safetyRejection("CulturalSafetyChecker", "slur.direct");
    t.safetyRejection("CulturalSafetyChecker", "Contains a slur: <the actual word>");
    t.safetyRejection("CulturalSafetyChecker", "slur.leetspeak");
    t.safetyRejection("CulturalSafetyChecker", "slur.homoglyph");
    t.safetyRejection("CulturalSafetyChecker", "slur.direct");
    const reasons = parseExposition(await t.metricsText())
      .get("qrg_safety_rejections_total")!
      .samples.map((s) => `${s.labels.reason}=${s.value}`)
      .sort();
    expect(reasons).toEqual(["other=2", "slur.direct=2", "slur.leetspeak=1"]);
  });

  it("labels unknown HTTP methods, invalid statuses and too many routes without new series", async () => {
    const t = fresh({ defaultMetrics: false, routes: 1 });
    t.httpRequest({ method: "get", route: "/v1/health", status: 200, duration_seconds: 0.001 });
    t.httpRequest({ method: "BREW", route: "/v1/other", status: 999, duration_seconds: 0.001 });
    const samples = parseExposition(await t.metricsText()).get("qrg_http_requests_total")!.samples;
    expect(samples.map((s) => s.labels)).toEqual([
      { method: "GET", route: "/v1/health", status: "200" },
      { method: "OTHER", route: "other", status: "other" },
    ]);
  });

  it("clamps scores and loads into [0, 1] so they land in the spec's buckets", async () => {
    const t = fresh({ defaultMetrics: false });
    t.safetyScore("CulturalSafetyChecker", 1.7);
    t.cognitiveLoad(3, -0.2);
    const text = await t.metricsText();
    expect(text).toContain('qrg_safety_score_sum{gate_type="CulturalSafetyChecker"} 1');
    expect(text).toContain('qrg_cognitive_load_bucket{le="0",tier_level="3"} 1');
  });
});

const promtool = toolAvailability("promtool");

describe.runIf(promtool.run)(`promtool check metrics (${promtool.title})`, () => {
  it("accepts the full exposition, default process metrics included", async () => {
    const t = fresh();
    recordOneOfEverything(t);
    const exposition = await t.metricsText();
    const result = await runTool(requireExecutable("promtool"), ["check", "metrics"], { input: exposition });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("would reject a lint problem (the check is live)", async () => {
    const result = await runTool(requireExecutable("promtool"), ["check", "metrics"], {
      input: "# HELP qrg_bad a counter without _total\n# TYPE qrg_bad counter\nqrg_bad 1\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("_total");
  });
});
