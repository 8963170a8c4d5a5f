import { QRGRequestSchema } from "@qrg/schema";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { QRGService, type QRGServiceOptions, QRGTimeoutError } from "../../src/index.ts";
import {
  ed25519Provenance,
  gate,
  gates,
  MemoryArtifactStore,
  testEngine,
  urls,
} from "../../testing/index.ts";

const principal = { sub: "lid:abc123def456", tier: 4, consent: ["consciousness"] };
const request = (options: Record<string, unknown> = {}) =>
  QRGRequestSchema.parse({ ...readFixture<Record<string, unknown>>("example-request.json"), options });

function service(overrides: Partial<QRGServiceOptions> = {}) {
  const store = new MemoryArtifactStore();
  const qrg = new QRGService({
    engine: testEngine,
    gates: gates(),
    provenance: ed25519Provenance(),
    store,
    urls,
    version: "0.1.0-test",
    ...overrides,
  });
  return { qrg, store };
}

describe("QRGService stages", () => {
  it("cuts a slow engine short at the deadline, naming the generation stage, and stores nothing", async () => {
    let signalled: AbortSignal | undefined;
    const { qrg, store } = service({
      engine: (input, signal) => {
        signalled = signal;
        return new Promise((resolve) => setTimeout(() => resolve(testEngine(input)), 400));
      },
    });
    const t0 = performance.now();
    const error = await qrg.generate({ request: request({ timeout_ms: 100 }), principal }).catch((e) => e);
    expect(error).toBeInstanceOf(QRGTimeoutError);
    expect(error).toMatchObject({ stage: "generation", timeoutMs: 100 });
    expect(performance.now() - t0).toBeLessThan(300);
    expect(signalled?.aborted).toBe(true);
    expect(store.records.size).toBe(0);
  });

  it("takes each qrg_id's uuid from newId, only once the artifact passed inspection", async () => {
    const ids: string[] = [];
    const newId = () => {
      const id = `00000000-0000-4000-8000-00000000000${ids.length}`;
      ids.push(id);
      return id;
    };
    const rejecting = gate("CulturalSafetyChecker", async () => ({
      status: "rejected" as const,
      reason: "not for this audience",
      score: 0.1,
      rule_id: "test.rule",
      warnings: [],
    }));
    await expect(
      service({ newId, gates: gates({ cultural: rejecting }) }).qrg.generate({
        request: request(),
        principal,
      }),
    ).rejects.toMatchObject({ code: "safety_rejection" });
    expect(ids).toEqual([]);

    const { qrg, store } = service({ newId });
    const response = await qrg.generate({ request: request(), principal });
    expect(response.qrg_id).toBe("qrg:00000000-0000-4000-8000-000000000000");
    expect(store.records.has(response.qrg_id)).toBe(true);
  });

  it("refuses consensus_required by default and generates when told to proceed", async () => {
    await expect(
      service().qrg.generate({ request: request({ consensus_required: true }), principal }),
    ).rejects.toMatchObject({ code: "not_implemented" });
    const response = await service({ consensusRequired: "proceed" }).qrg.generate({
      request: request({ consensus_required: true }),
      principal,
    });
    expect(response.safety.status).toBe("approved");
  });

  it("stores the record exactly as it answers, total_time_ms included", async () => {
    const { qrg } = service();
    const response = await qrg.generate({ request: request(), principal });
    expect(await qrg.getArtifact(response.qrg_id)).toEqual(response);
    expect(response.metrics?.total_time_ms).toBeGreaterThanOrEqual(response.metrics?.generation_time_ms ?? 0);
  });
});
