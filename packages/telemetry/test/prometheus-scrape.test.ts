import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetry, type QrgTelemetry } from "../src/index.ts";
import { toolAvailability } from "../testing/binaries.ts";
import { type RunningPrometheus, runDashboardQueries, startPrometheus } from "../testing/prometheus.ts";

const prometheusTool = toolAvailability("prometheus");

/** GET /metrics from a Telemetry, as the API serves it. */
async function serveMetrics(telemetry: QrgTelemetry): Promise<{ server: Server; target: string }> {
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    telemetry
      .metricsText()
      .then((text) => res.writeHead(200, { "content-type": telemetry.contentType }).end(text));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, target: `127.0.0.1:${typeof address === "object" && address ? address.port : 0}` };
}

describe.runIf(prometheusTool.run)(`a real Prometheus scraping Telemetry (${prometheusTool.title})`, () => {
  let telemetry: QrgTelemetry;
  let server: Server;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    telemetry = createTelemetry({ env: {} });
    const served = await serveMetrics(telemetry);
    server = served.server;
    prometheus = await startPrometheus({ targets: [served.target] });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await telemetry?.shutdown();
  });

  it("scrapes the counts that were recorded", async () => {
    for (let i = 0; i < 5; i++) {
      telemetry.generation({
        tier_level: 3,
        entropy_source: "pseudo_rng",
        status: "success",
        duration_seconds: 0.3,
      });
      telemetry.safetyScore("CulturalSafetyChecker", 0.92);
    }
    for (let i = 0; i < 2; i++) {
      telemetry.generation({
        tier_level: 3,
        entropy_source: "pseudo_rng",
        status: "rejected",
        duration_seconds: 0.05,
      });
      telemetry.safetyRejection("CulturalSafetyChecker", "slur.leetspeak");
    }
    telemetry.slsaLevel("qrg_a", 3);
    telemetry.slsaLevel("qrg_b", 3);
    telemetry.slsaLevel("qrg_c", 2);
    telemetry.httpRequest({ method: "POST", route: "/v1/generate", status: 200, duration_seconds: 0.3 });
    telemetry.httpRequest({ method: "POST", route: "/v1/generate", status: 422, duration_seconds: 0.05 });
    telemetry.httpRequest({ method: "POST", route: "/v1/generate", status: 422, duration_seconds: 0.05 });

    await prometheus.waitFor('sum(qrg_generations_total{job="qrg"})', (v) => v === 7);
    const sum = async (expr: string) =>
      (await prometheus.samples(expr)).reduce((t, s) => t + Number(s.value[1]), 0);
    expect(await sum('qrg_generations_total{status="success"}')).toBe(5);
    expect(await sum('qrg_generations_total{status="rejected"}')).toBe(2);
    expect(
      await sum('qrg_safety_rejections_total{gate_type="CulturalSafetyChecker",reason="slur.leetspeak"}'),
    ).toBe(2);
    expect(await sum('qrg_generation_duration_seconds_bucket{le="0.1"}')).toBe(2);
    expect(await sum('qrg_generation_duration_seconds_bucket{le="0.5"}')).toBe(7);
    expect(await sum('qrg_safety_score_count{gate_type="CulturalSafetyChecker"}')).toBe(5);
    expect(await sum('qrg_http_requests_total{status="422"}')).toBe(2);
    // The latest artifact's level, in one series without an artifact identifier.
    expect(await sum("qrg_provenance_slsa_level")).toBe(2);
    expect(await sum('up{job="qrg"}')).toBe(1);
    expect(await sum("process_cpu_seconds_total")).toBeGreaterThan(0);
  });

  it("follows further increments on the next scrapes", async () => {
    telemetry.signatureVerification("valid");
    telemetry.signatureVerification("valid");
    telemetry.signatureVerification("invalid");
    await prometheus.waitFor('sum(qrg_signature_verifications_total{status="valid"})', (v) => v === 2);
    expect(
      await prometheus.waitFor('sum(qrg_signature_verifications_total{status="invalid"})', (v) => v === 1),
    ).toBe(1);
  });

  it("executes every dashboard panel's query without error", async () => {
    // Two more scrapes with increments so rate() and histogram_quantile() have something to chew on.
    telemetry.generation({
      tier_level: 3,
      entropy_source: "pseudo_rng",
      status: "success",
      duration_seconds: 1.5,
    });
    telemetry.cognitiveLoad(3, 0.5);
    telemetry.consensusJob("submitted");
    telemetry.consensusAgreement(0.9);
    await prometheus.waitFor('sum(qrg_generations_total{job="qrg"})', (v) => v === 8);
    const results = await runDashboardQueries(prometheus);
    expect(results.length).toBeGreaterThanOrEqual(15);
    const failures = results.filter((r) => r.status !== "success");
    expect(failures).toEqual([]);
    const rate = results.find((r) => r.panel === "Generation rate");
    expect(rate?.resultCount).toBeGreaterThan(0);
  });

  it("reports an invalid query as an error rather than success (the check is live)", async () => {
    const answer = await prometheus.query("sum(rate(qrg_generations_total[1m])");
    expect(answer.status).toBe("error");
  });
});
