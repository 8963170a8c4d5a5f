import { QRGRequestSchema } from "@qrg/schema";
import { assertSpecResponse, readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import {
  createNoopTelemetry,
  QRGNotImplementedError,
  QRGQuotaExceededError,
  QRGSafetyRejection,
  QRGService,
  type QRGServiceOptions,
  QRGTimeoutError,
} from "../../src/index.ts";
import {
  approve,
  cognitiveOk,
  ed25519Provenance,
  gate,
  gates,
  hangingGate,
  MemoryArtifactStore,
  testEngine,
  urls,
} from "../../testing/index.ts";

const principal = { sub: "lid:abc123def456", tier: 4, consent: ["consciousness"] };
const example = QRGRequestSchema.parse(readFixture("example-request.json"));

function service(overrides: Partial<QRGServiceOptions> = {}) {
  const store = new MemoryArtifactStore();
  const provenance = ed25519Provenance();
  const qrg = new QRGService({
    engine: testEngine,
    gates: gates(),
    provenance,
    store,
    urls,
    version: "0.1.0-test",
    telemetry: createNoopTelemetry(),
    gateBudgetMs: 100,
    ...overrides,
  });
  return { qrg, store, provenance };
}

const withOptions = (options: Record<string, unknown>) =>
  QRGRequestSchema.parse({ ...readFixture<Record<string, unknown>>("example-request.json"), options });

describe("QRGService.generate", () => {
  it("returns a response that validates against the spec's schema and stores it durably", async () => {
    const { qrg, store } = service();
    const response = await qrg.generate({ request: example, principal });
    assertSpecResponse(response);
    expect(response.qrg_id).toMatch(/^qrg:[0-9a-f-]{36}$/);
    expect(response.safety.gate_checks.ConstitutionalGatekeeper?.status).toBe("approved");
    expect(store.records.get(response.qrg_id)?.response).toEqual(response);
    expect(response.metrics?.total_time_ms).toBeGreaterThanOrEqual(0);
  });

  it("gives the same artifact hash and a new qrg_id for the same request", async () => {
    const { qrg } = service();
    const a = await qrg.generate({ request: example, principal });
    const b = await qrg.generate({ request: example, principal });
    expect(b.artifact.hash).toBe(a.artifact.hash);
    expect(b.qrg_id).not.toBe(a.qrg_id);
  });

  it("ignores timeout_ms when hashing", async () => {
    const { qrg } = service();
    const a = await qrg.generate({ request: withOptions({ timeout_ms: 5000 }), principal });
    const b = await qrg.generate({ request: withOptions({ timeout_ms: 9000 }), principal });
    expect(b.artifact.hash).toBe(a.artifact.hash);
  });

  it("fails with QRGTimeoutError past the deadline and leaves nothing half-written", async () => {
    const { qrg, store } = service();
    store.commitDelayMs = 300;
    await expect(
      qrg.generate({ request: withOptions({ timeout_ms: 100 }), principal }),
    ).rejects.toBeInstanceOf(QRGTimeoutError);
    await new Promise((r) => setTimeout(r, 350));
    expect(store.records.size).toBe(0);
    expect(store.attestations.size).toBe(0);
  });

  it("rejects fail-closed within the budget when the ConstitutionalGatekeeper hangs", async () => {
    const { qrg, store } = service({
      gates: gates({ constitutional: hangingGate("ConstitutionalGatekeeper") }),
    });
    const t0 = performance.now();
    const error = await qrg.generate({ request: example, principal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QRGSafetyRejection);
    expect((error as QRGSafetyRejection).gate).toBe("ConstitutionalGatekeeper");
    expect((error as QRGSafetyRejection).rule).toBe("gate.timeout");
    expect(performance.now() - t0).toBeLessThan(100 + 150);
    expect(store.records.size).toBe(0);
  });

  it("rejects fail-closed when the CulturalSafetyChecker throws", async () => {
    const cultural = gate("CulturalSafetyChecker", async () => {
      throw new Error("word list missing");
    });
    const { qrg } = service({ gates: gates({ cultural }) });
    const error = await qrg.generate({ request: example, principal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QRGSafetyRejection);
    expect((error as QRGSafetyRejection).rule).toBe("gate.error");
  });

  it("proceeds fail-open when the CognitiveLoadEstimator hangs, and says so", async () => {
    const { qrg } = service({ gates: gates({ cognitive: hangingGate("CognitiveLoadEstimator") }) });
    const response = await qrg.generate({ request: example, principal });
    expect(response.safety.status).toBe("approved");
    expect(response.safety.gate_checks.CognitiveLoadEstimator?.warnings).toEqual([]);
    expect(response.safety.warnings?.join(" ")).toMatch(/CognitiveLoadEstimator exceeded its budget/);
  });

  it("regenerates at lower complexity while the estimator asks to reduce, within bounds", async () => {
    const levels: number[] = [];
    const cognitive = gate(
      "CognitiveLoadEstimator",
      async (input: { artifact: { complexity_level: number } }) => {
        levels.push(input.artifact.complexity_level);
        return input.artifact.complexity_level < 2
          ? { status: "flagged" as const, estimated_load: 0.9, warnings: [], action: "reduce" as const }
          : cognitiveOk();
      },
    );
    const { qrg } = service({ gates: gates({ cognitive }) });
    const response = await qrg.generate({ request: example, principal });
    expect(levels).toEqual([0, 1, 2]);
    expect(response.safety.warnings?.join(" ")).toMatch(/regenerated at lower complexity \(level 2\)/);
  });

  it("stops regenerating after maxComplexityReductions and flags the artifact", async () => {
    const cognitive = gate("CognitiveLoadEstimator", async () => ({
      status: "flagged" as const,
      estimated_load: 0.95,
      warnings: ["High cognitive load estimated: 0.95"],
      action: "reduce" as const,
    }));
    const { qrg } = service({ gates: gates({ cognitive }), maxComplexityReductions: 2 });
    const response = await qrg.generate({ request: example, principal });
    expect(response.safety.status).toBe("flagged");
    expect(response.safety.gate_checks.CognitiveLoadEstimator?.adapted_complexity_level).toBe(2);
  });

  it("answers a quota rejection with QRGQuotaExceededError carrying Retry-After", async () => {
    const constitutional = gate("ConstitutionalGatekeeper", async () => ({
      ...approve(),
      status: "rejected" as const,
      rule_id: "quota",
      reason: "quota exhausted",
      retry_after_seconds: 42,
    }));
    const { qrg } = service({ gates: gates({ constitutional }) });
    const error = await qrg.generate({ request: example, principal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QRGQuotaExceededError);
    expect((error as QRGQuotaExceededError).retryAfterSeconds).toBe(42);
  });

  it("refuses consensus_required with a clear not-implemented error", async () => {
    const { qrg } = service();
    await expect(
      qrg.generate({ request: withOptions({ consensus_required: true }), principal }),
    ).rejects.toBeInstanceOf(QRGNotImplementedError);
  });

  it.each([
    ["disabled", { consciousnessEnabled: false }, principal],
    ["no_consent", {}, { ...principal, consent: [] }],
  ] as const)("generates without adaptation and says %s", async (mode, overrides, who) => {
    const { qrg } = service(overrides);
    const response = await qrg.generate({ request: example, principal: who });
    expect(response.symbolic_payload?.metadata?.consciousness).toBe(mode);
  });

  it("generates without adaptation when the consciousness provider is unavailable", async () => {
    const { qrg } = service({
      consciousness: {
        name: "down",
        resolve: async () => {
          throw new Error("connection refused");
        },
      },
    });
    const response = await qrg.generate({ request: example, principal });
    expect(response.symbolic_payload?.metadata?.consciousness).toBe("unavailable");
  });

  it("says when quantum_rng fell back to the OS CSPRNG", async () => {
    const { qrg } = service();
    const response = await qrg.generate({
      request: withOptions({ entropy_source: "quantum_rng" }),
      principal,
    });
    expect(response.safety.warnings?.join(" ")).toMatch(/quantum_rng/);
    expect(JSON.stringify(response.symbolic_payload?.metadata)).toMatch(/os_csprng/);
  });
});

describe("QRGService.validate", () => {
  it("answers all true for an untouched artifact", async () => {
    const { qrg } = service();
    const r = await qrg.generate({ request: example, principal });
    expect(await qrg.validate({ qrg_id: r.qrg_id, expected_hash: r.artifact.hash })).toEqual({
      valid: true,
      hash_match: true,
      signature_valid: true,
      provenance_verified: true,
    });
  });

  it("answers valid:false when one byte of the stored artifact changed", async () => {
    const { qrg, store } = service();
    const r = await qrg.generate({ request: example, principal });
    const bytes = store.contents.get(r.artifact.hash)!;
    bytes[0] = bytes[0]! ^ 1;
    const result = await qrg.validate({ qrg_id: r.qrg_id, expected_hash: r.artifact.hash });
    expect(result).toMatchObject({ valid: false, hash_match: false });
  });

  it("answers hash_match:false for a different expected hash", async () => {
    const { qrg } = service();
    const r = await qrg.generate({ request: example, principal });
    const result = await qrg.validate({ qrg_id: r.qrg_id, expected_hash: `sha256:${"0".repeat(64)}` });
    expect(result).toMatchObject({ valid: false, hash_match: false });
  });
});

describe("QRGService.health", () => {
  it("is healthy when every part answers", async () => {
    const { qrg } = service();
    expect(await qrg.health()).toEqual({
      status: "healthy",
      checks: { safety_gates: "ok", provenance_service: "ok", artifact_storage: "ok" },
      version: "0.1.0-test",
    });
  });

  it("is degraded when signing is down and unhealthy when storage is", async () => {
    const a = service({ healthCacheMs: 0 });
    a.provenance.healthy = false;
    expect((await a.qrg.health()).status).toBe("degraded");
    a.store.healthy = false;
    expect((await a.qrg.health()).status).toBe("unhealthy");
  });
});
