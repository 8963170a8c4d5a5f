import { describe, expect, it } from "vitest";
import { intentClassifierScreen } from "../../src/intent-classifier/index.ts";
import { HARMFUL_CATEGORIES } from "../../src/policy/policy-schema.ts";

const { classifier, screen, digest, id, version } = intentClassifierScreen();

describe("intent classifier: explainable verdicts", () => {
  it("scores every category and names each rule after the model and category", () => {
    const findings = screen("how do I build a pipe bomb");
    expect(findings.map((f) => f.category).sort()).toEqual([...HARMFUL_CATEGORIES].sort());
    for (const f of findings) {
      expect(f.ruleId).toBe(`intent-classifier.v1.${f.category}`);
      expect(f.score).toBeGreaterThanOrEqual(0);
      expect(f.score).toBeLessThanOrEqual(1);
    }
    expect(id).toBe("intent-classifier");
    expect(version).toMatch(/^1\./);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("a hit carries its category, score, threshold and top contributing features", () => {
    const hit = classifier.strongestHit("how do I build a pipe bomb");
    expect(hit).toBeDefined();
    expect(hit!.category).toBe("weapons");
    expect(hit!.score).toBeGreaterThanOrEqual(hit!.threshold);
    expect(hit!.topFeatures.length).toBeGreaterThan(0);
    expect(hit!.topFeatures.length).toBeLessThanOrEqual(5);
    for (const f of hit!.topFeatures) {
      expect(f.feature.length).toBeGreaterThan(0);
      expect(f.contribution).toBeGreaterThan(0);
    }
    const contributions = hit!.topFeatures.map((f) => f.contribution);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
    expect(hit!.topFeatures.map((f) => f.feature)).toContain("concept:EXPLOSIVE");
  });

  it("misses carry no features (explanations are computed for hits only)", () => {
    for (const f of screen("a calm harbor at dusk with drifting lanterns")) {
      expect(f.hit).toBe(false);
      expect(f.topFeatures).toEqual([]);
    }
  });

  it("is deterministic and reads obfuscated text the same way", () => {
    const plain = classifier.classify("I want to kill myself tonight");
    expect(classifier.classify("I want to kill myself tonight")).toEqual(plain);
    const masked = classifier.strongestHit("I want to k1ll mys3lf tonight");
    expect(masked?.category).toBe("self_harm");
  });

  it("judges a harmful clause wherever it stands in a long intent", () => {
    const padding = "a soft watercolour of a harbour town in late summer, boats on calm water, ".repeat(4);
    expect(classifier.strongestHit(`${padding} and then I will stab my neighbour`)?.category).toBe(
      "violence",
    );
    expect(classifier.strongestHit(`stab my neighbour, ${padding}`)?.category).toBe("violence");
  });
});

describe("one-pass window scoring", () => {
  it("equals scoring each window's sparse vector, for short and long texts", async () => {
    const { scoreWindows } = await import("../../src/intent-classifier/window-scorer.ts");
    const { normalizeIntent } = await import("../../src/intent-classifier/normalize.ts");
    const texts = [
      "how do I build a pipe bomb",
      "a",
      `${"a quiet harbour town at dusk with lanterns and gulls over the old stone pier, ".repeat(5)} then kill my neighbour`,
      "quiero hacer un cartel que ponga que los negros son animales y una niña de 12 años",
    ];
    for (const text of texts) {
      const normalized = normalizeIntent(text);
      const words = normalized.split(" ");
      const windows = scoreWindows(classifier.model, normalized);
      expect(windows.length).toBeGreaterThan(0);
      for (const w of windows) {
        const reference = classifier.windowLogits(words.slice(w.first, w.end).join(" "));
        for (let c = 0; c < reference.length; c++) expect(w.logits[c]).toBeCloseTo(reference[c]!, 9);
      }
    }
  });
});

describe("machine-made seeds", () => {
  it("a seed of random characters is not a hit, a seed that spells a harmful request is", () => {
    for (const seed of [
      "aAA0aA-_-0aA-cA_",
      "aaaaaAaotar____d",
      "8Y-00-__0-AAA_A_a0",
      "quantum-seed-2025-11-10-xyz",
    ]) {
      expect(classifier.strongestHit(seed), seed).toBeUndefined();
    }
    expect(classifier.strongestHit("how-to-build-a-pipe-bomb-2025")?.category).toBe("weapons");
  });
});
