import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COGNITIVE_LOAD_THRESHOLD,
  COGNITIVE_WEIGHTS,
  estimateLoad,
  loadFeatures,
} from "../src/cognitive/load-features.ts";
import {
  inspection,
  multimodalArtifact,
  never,
  principal,
  request,
  symbolicArtifact,
  TYPICAL_TOKENS,
} from "./helpers/artifacts.ts";
import { gates } from "./helpers/gates.ts";

const g = await gates({ quotasEnabled: false });

const LONG_TOKENS = Array.from({ length: 30 }, (_, i) => `quixotic-zephyr-${i}-labyrinthine`);
const DENSE = { tokens: LONG_TOKENS, affect: Array.from({ length: 16 }, (_, i) => i / 16) };

function loaded(state = { cognitive_load: 0.5, attention_focus: 0.5 }) {
  return request({ context: { consciousness_state: state } });
}

describe("the CognitiveLoadEstimator", () => {
  it("approves a typical artifact for a neutral user", async () => {
    const outcome = await g.cognitive.evaluate(inspection(symbolicArtifact()), never);
    expect(outcome.status).toBe("approved");
    expect(outcome.action).toBe("proceed");
    expect(outcome.warnings).toEqual([]);
    expect(outcome.estimated_load).toBeLessThan(0.5);
  });

  it("flags a dense multimodal artifact for a T4 user, who may proceed, with the spec's warning", async () => {
    const artifact = multimodalArtifact(DENSE);
    const outcome = await g.cognitive.evaluate(inspection(artifact, loaded(), principal(4)), never);
    expect(outcome.status).toBe("flagged");
    expect(outcome.action).toBe("proceed");
    expect(outcome.estimated_load).toBeGreaterThan(COGNITIVE_LOAD_THRESHOLD);
    expect(outcome.warnings).toEqual([`High cognitive load estimated: ${outcome.estimated_load.toFixed(2)}`]);
  });

  it("asks users below T4 to get a simpler artifact instead", async () => {
    const artifact = symbolicArtifact({ ...DENSE, complexityLevel: 1 });
    const req = loaded({ cognitive_load: 0.9, attention_focus: 0.2 });
    const outcome = await g.cognitive.evaluate(inspection(artifact, req, principal(3)), never);
    expect(outcome).toMatchObject({ status: "flagged", action: "reduce" });
    expect(outcome.warnings[0]).toContain("simplifying the artifact (complexity level 2)");
  });

  it("sets complexity against the user's state: a loaded, distracted user tips the same artifact over", async () => {
    const artifact = symbolicArtifact({
      tokens: LONG_TOKENS.slice(0, 12),
      affect: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    });
    const calm = await g.cognitive.evaluate(
      inspection(artifact, loaded({ cognitive_load: 0, attention_focus: 1 }), principal(3)),
      never,
    );
    const strained = await g.cognitive.evaluate(
      inspection(artifact, loaded({ cognitive_load: 1, attention_focus: 0 }), principal(3)),
      never,
    );
    expect(calm.action).toBe("proceed");
    expect(strained.action).toBe("reduce");
    expect(strained.estimated_load - calm.estimated_load).toBeCloseTo(0.6, 6);
  });

  it("reads the declared state only with consciousness consent", async () => {
    const artifact = symbolicArtifact(DENSE);
    const req = loaded({ cognitive_load: 1, attention_focus: 0 });
    const withConsent = await g.cognitive.evaluate(
      inspection(artifact, req, principal(3, ["consciousness"])),
      never,
    );
    const without = await g.cognitive.evaluate(inspection(artifact, req, principal(3, [])), never);
    expect(without.estimated_load).toBe(estimateLoad(artifact, {}));
    expect(withConsent.estimated_load).toBeGreaterThan(without.estimated_load);
  });

  it("measures documented features: count, length, rarity, affect dimensions, modalities", () => {
    const features = loadFeatures(multimodalArtifact(DENSE));
    expect(features).toEqual({
      token_count: 1,
      token_length: 1,
      token_rarity: 1,
      affect_dimensionality: 1,
      modalities: 1,
    });
    const simple = loadFeatures(symbolicArtifact({ tokens: ["sun", "sea"], affect: [0.1, 0.2] }));
    expect(simple.modalities).toBe(0);
    expect(simple.token_rarity).toBe(0);
    expect(Object.values(COGNITIVE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it("lowers the load as the engine simplifies (fewer, shorter tokens; fewer dimensions)", () => {
    const levels = [30, 16, 8, 4].map((count, level) =>
      estimateLoad(
        symbolicArtifact({
          tokens: LONG_TOKENS.slice(0, count).map((t) => t.slice(0, 14 - level * 3)),
          affect: Array.from({ length: 16 >> level }, () => 0.5),
        }),
      ),
    );
    expect([...levels].sort((a, b) => b - a)).toEqual(levels);
    expect(levels.at(-1)!).toBeLessThan(levels[0]!);
  });

  it("never rejects, and always reports a load within 0-1", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 60 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 32 }),
        fc.integer({ min: 1, max: 5 }),
        fc.record({
          cognitive_load: fc.double({ min: 0, max: 1, noNaN: true }),
          attention_focus: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        async (tokens, affect, tier, state) => {
          const outcome = await g.cognitive.evaluate(
            inspection(symbolicArtifact({ tokens, affect }), loaded(state), principal(tier)),
            never,
          );
          return (
            (outcome.status === "approved" || outcome.status === "flagged") &&
            outcome.estimated_load >= 0 &&
            outcome.estimated_load <= 1 &&
            (outcome.action === "reduce") === (tier < 4 && outcome.estimated_load > 0.8)
          );
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("is ready, and stops when its signal has aborted", async () => {
    expect(g.cognitive.ready()).toBe(true);
    const controller = new AbortController();
    controller.abort(new Error("late"));
    await expect(
      g.cognitive.evaluate(inspection(symbolicArtifact({ tokens: TYPICAL_TOKENS })), controller.signal),
    ).rejects.toThrow("late");
  });
});
