import { describe, expect, it } from "vitest";
import { createSafetyGates } from "../src/create-safety-gates.ts";
import { DEFAULT_CULTURAL_THRESHOLD } from "../src/cultural/score.ts";
import { loadPolicy } from "../src/policy/load-policy.ts";
import type { QuotaStore } from "../src/quota/quota-store.ts";
import { admission, inspection, never, request, symbolicArtifact } from "./helpers/artifacts.ts";

describe("createSafetyGates", () => {
  it("returns three ready gates named as the spec names them, with the policy they use", async () => {
    const set = await createSafetyGates();
    expect(set.constitutional.name).toBe("ConstitutionalGatekeeper");
    expect(set.cultural.name).toBe("CulturalSafetyChecker");
    expect(set.cognitive.name).toBe("CognitiveLoadEstimator");
    expect([set.constitutional, set.cultural, set.cognitive].every((gate) => gate.ready())).toBe(true);
    expect(set.policy.ref).toEqual((await loadPolicy()).ref);
    expect(DEFAULT_CULTURAL_THRESHOLD).toBe(0.85);
  });

  it("compiles once: a second gate set is built in a fraction of the first one's time", async () => {
    await createSafetyGates();
    const start = performance.now();
    await createSafetyGates();
    expect(performance.now() - start).toBeLessThan(100);
  });

  it("stops waiting on a hung quota store when the gate's budget aborts, with the budget's reason", async () => {
    // A store that never answers, wrapped around nothing: the real gatekeeper must still settle on abort.
    const hung: QuotaStore = { consume: () => new Promise(() => {}) };
    const set = await createSafetyGates({ quotaStore: hung });
    const start = performance.now();
    await expect(
      set.constitutional.evaluate(admission(request()), AbortSignal.timeout(50)),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(500);
    const controller = new AbortController();
    controller.abort(new Error("budget of 500 ms spent"));
    await expect(set.cultural.evaluate(inspection(symbolicArtifact()), controller.signal)).rejects.toThrow(
      "budget of 500 ms spent",
    );
    expect(set.cultural.ready()).toBe(true);
    expect((await set.cognitive.evaluate(inspection(symbolicArtifact()), never)).status).toBe("approved");
  });

  it("keeps the three gates within 1 ms median for a typical artifact", async () => {
    const set = await createSafetyGates({ quotasEnabled: false });
    const req = request({
      context: {
        intent: "a calm harbor at dusk",
        cultural_context: { languages: ["en", "es"], regions: ["US"] },
      },
    });
    const admit = admission(req);
    const inspect = inspection(symbolicArtifact({ intentWords: ["calm", "harbor", "dusk"] }), req);
    const samples: number[] = [];
    for (let i = 0; i < 400; i++) {
      const start = performance.now();
      await set.constitutional.evaluate(admit, never);
      await Promise.all([set.cultural.evaluate(inspect, never), set.cognitive.evaluate(inspect, never)]);
      if (i >= 100) samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    expect(samples[Math.floor(samples.length / 2)]!).toBeLessThan(1);
  });
});
