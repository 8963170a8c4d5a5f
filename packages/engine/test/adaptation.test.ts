import type { GeneratedArtifact } from "@qrg/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AFFECT_COMPONENTS, MAX_DIMENSIONS, MIN_DIMENSIONS } from "../src/affect.ts";
import { generateArtifact } from "../src/index.ts";
import { complexityCap, MIN_TOKENS } from "../src/select.ts";
import { adapted, input, meanComplexity, meanValence, tokenComplexity } from "./helpers.ts";

// Exact monotonicity is the design (shared selection noise, see select.ts); the epsilon only absorbs
// floating-point summation order in the test's own means.
const EPS = 1e-9;
const RUNS = 150;

const seed = fc.string({ minLength: 16, maxLength: 48 });
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const signed = fc.double({ min: -1, max: 1, noNaN: true });
const level = fc.integer({ min: 0, max: 5 });
const intent = fc.option(
  fc.constantFrom(
    "a calm lantern over the tide",
    "ember, lattice and emergence",
    "mountains of quiet thunder",
    "sorrow and dawn",
    "Ρεύμα del océano",
  ),
  { nil: undefined },
);
const artifactType = fc.constantFrom("symbolic", "visual", "audio", "multimodal" as const);

const ordered = (a: number, b: number): [number, number] => (a <= b ? [a, b] : [b, a]);
const payload = (a: GeneratedArtifact) => a.symbolic_payload;

describe("consciousness adaptation", () => {
  it("never lowers the mean token valence when emotional_valence rises", () => {
    fc.assert(
      fc.property(seed, signed, signed, unit, unit, level, intent, (s, v1, v2, load, focus, lvl, text) => {
        const [lo, hi] = ordered(v1, v2);
        const at = (v: number) =>
          generateArtifact(
            input({
              seed: s,
              consciousness: adapted(v, load, focus),
              complexity_level: lvl,
              context: { intent: text },
            }),
          );
        expect(meanValence(at(hi))).toBeGreaterThanOrEqual(meanValence(at(lo)) - EPS);
      }),
      { numRuns: RUNS },
    );
  });

  it("moves the mean token valence clearly from negative to positive states on average", () => {
    let negative = 0;
    let positive = 0;
    for (let i = 0; i < 200; i++) {
      const s = `average-valence-seed-${i}`;
      negative += meanValence(generateArtifact(input({ seed: s, consciousness: adapted(-1, 0.3, 0.5) })));
      positive += meanValence(generateArtifact(input({ seed: s, consciousness: adapted(1, 0.3, 0.5) })));
    }
    expect(positive / 200 - negative / 200).toBeGreaterThan(0.5);
  });

  it("gives fewer or equal, and no more complex, tokens as cognitive_load rises", () => {
    fc.assert(
      fc.property(seed, signed, unit, unit, unit, level, intent, (s, v, l1, l2, focus, lvl, text) => {
        const [lo, hi] = ordered(l1, l2);
        const at = (load: number) =>
          generateArtifact(
            input({
              seed: s,
              consciousness: adapted(v, load, focus),
              complexity_level: lvl,
              context: { intent: text },
            }),
          );
        const light = at(lo);
        const heavy = at(hi);
        expect(payload(heavy).tokens.length).toBeLessThanOrEqual(payload(light).tokens.length);
        expect(meanComplexity(heavy)).toBeLessThanOrEqual(meanComplexity(light) + EPS);
        expect(payload(heavy).metadata.complexity_cap as number).toBeLessThanOrEqual(
          payload(light).metadata.complexity_cap as number,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps every token under the complexity cap it reports", () => {
    fc.assert(
      fc.property(seed, signed, unit, unit, level, intent, (s, v, load, focus, lvl, text) => {
        const p = payload(
          generateArtifact(
            input({
              seed: s,
              consciousness: adapted(v, load, focus),
              complexity_level: lvl,
              context: { intent: text },
            }),
          ),
        );
        const cap = p.metadata.complexity_cap as number;
        for (const token of p.tokens) expect(tokenComplexity(token)).toBeLessThan(cap === 1 ? 1.0001 : cap);
        expect(cap).toBe(complexityCap(p.tokens.length));
      }),
      { numRuns: RUNS },
    );
  });

  it("sets the affect dimensionality from attention_focus: within [4, 16] and never lower for more focus", () => {
    fc.assert(
      fc.property(seed, signed, unit, unit, unit, level, (s, v, load, f1, f2, lvl) => {
        const [lo, hi] = ordered(f1, f2);
        const at = (focus: number) =>
          payload(
            generateArtifact(
              input({ seed: s, consciousness: adapted(v, load, focus), complexity_level: lvl }),
            ),
          );
        const a = at(lo);
        const b = at(hi);
        for (const p of [a, b]) {
          expect(p.affect_vector.length).toBe(p.metadata.dimensionality);
          expect(p.affect_vector.length).toBeGreaterThanOrEqual(MIN_DIMENSIONS);
          expect(p.affect_vector.length).toBeLessThanOrEqual(MAX_DIMENSIONS);
          expect(p.metadata.affect_components).toEqual(AFFECT_COMPONENTS.slice(0, p.affect_vector.length));
        }
        expect(b.affect_vector.length).toBeGreaterThanOrEqual(a.affect_vector.length);
      }),
      { numRuns: RUNS },
    );
    const full = payload(generateArtifact(input({ consciousness: adapted(0, 0, 1) })));
    const none = payload(generateArtifact(input({ consciousness: adapted(0, 0, 0) })));
    expect([none.affect_vector.length, full.affect_vector.length]).toEqual([4, 16]);
  });

  it("starts the affect vector with valence, arousal, load and focus, rounded to 6 decimals", () => {
    const p = payload(generateArtifact(input({ consciousness: adapted(0.7, 0.3, 0.8) })));
    expect(p.affect_vector[2]).toBe(0.3);
    expect(p.affect_vector[3]).toBe(0.8);
    expect(p.affect_vector[0]).toBeCloseTo(meanValence(generateArtifact(input())), 6);
    for (const x of p.affect_vector) expect(Math.round(x * 1e6) / 1e6).toBe(x);
  });

  it("makes each complexity level up to 5 no more complex than the one before", () => {
    fc.assert(
      fc.property(seed, signed, unit, unit, intent, artifactType, (s, v, load, focus, text, type) => {
        let previous: GeneratedArtifact | undefined;
        for (let lvl = 0; lvl <= 5; lvl++) {
          const current = generateArtifact(
            input({
              seed: s,
              consciousness: adapted(v, load, focus),
              complexity_level: lvl,
              context: { intent: text },
              options: { artifact_type: type },
            }),
          );
          expect(current.complexity_level).toBe(lvl);
          expect(payload(current).tokens.length).toBeGreaterThanOrEqual(MIN_TOKENS);
          if (previous) {
            expect(payload(current).tokens.length).toBeLessThanOrEqual(payload(previous).tokens.length);
            expect(meanComplexity(current)).toBeLessThanOrEqual(meanComplexity(previous) + EPS);
            expect(payload(current).affect_vector.length).toBeLessThanOrEqual(
              payload(previous).affect_vector.length,
            );
          }
          previous = current;
        }
      }),
      { numRuns: 60 },
    );
  });

  it("lowers complexity strictly somewhere between level 0 and level 4", () => {
    const at = (lvl: number) =>
      payload(generateArtifact(input({ consciousness: adapted(0, 0.2, 0.9), complexity_level: lvl })));
    expect(at(4).tokens.length).toBeLessThan(at(0).tokens.length);
    expect(at(4).affect_vector.length).toBeLessThan(at(0).affect_vector.length);
  });

  it("uses neutral defaults when adaptation is not applied, and says why", () => {
    for (const mode of ["disabled", "no_consent", "unavailable"] as const) {
      const off = generateArtifact(
        input({
          consciousness: { mode, state: { emotional_valence: 1, cognitive_load: 1, attention_focus: 1 } },
        }),
      );
      const neutral = generateArtifact(input({ consciousness: adapted(0, 0.5, 0.5) }));
      expect(payload(off).tokens).toEqual(payload(neutral).tokens);
      expect(payload(off).affect_vector).toEqual(payload(neutral).affect_vector);
      expect(payload(off).metadata.consciousness).toBe(mode);
      expect(generateArtifact(input({ consciousness: { mode } })).hash).toBe(off.hash);
    }
    expect(payload(generateArtifact(input())).metadata.consciousness).toBe("adapted");
  });

  it("fills fields an adapted state leaves out with neutral values", () => {
    const partial = generateArtifact(
      input({ consciousness: { mode: "adapted", state: { emotional_valence: 0.4 } } }),
    );
    const full = generateArtifact(input({ consciousness: adapted(0.4, 0.5, 0.5) }));
    expect(partial.hash).toBe(full.hash);
  });
});

describe("fairness of cultural context", () => {
  const languages = fc.array(fc.constantFrom("en", "es", "fr", "de", "ar", "zh", "hi", "sw", "ja", "pt"), {
    maxLength: 4,
  });
  const regions = fc.array(fc.constantFrom("US", "MX", "FR", "NG", "IN", "CN", "BR", "EG", "JP", "DE"), {
    maxLength: 4,
  });

  it("gives the same tokens, affect vector and bytes whatever the languages and regions", () => {
    fc.assert(
      fc.property(
        seed,
        signed,
        unit,
        unit,
        languages,
        regions,
        artifactType,
        (s, v, load, focus, langs, regs, type) => {
          const plain = generateArtifact(
            input({ seed: s, consciousness: adapted(v, load, focus), options: { artifact_type: type } }),
          );
          const situated = generateArtifact(
            input({
              seed: s,
              consciousness: adapted(v, load, focus),
              options: { artifact_type: type },
              context: { cultural_context: { languages: langs, regions: regs }, tier_level: 4 },
            }),
          );
          expect(payload(situated).tokens).toEqual(payload(plain).tokens);
          expect(payload(situated).affect_vector).toEqual(payload(plain).affect_vector);
          expect(situated.hash).toBe(plain.hash);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("does not let accessibility needs, render type, hash or signature algorithm change what the artifact says", () => {
    fc.assert(
      fc.property(
        seed,
        fc.subarray(["high_contrast", "screen_reader", "reduced_motion", "large_text"]),
        artifactType,
        fc.constantFrom("sha256", "sha3-256", "blake3" as const),
        fc.constantFrom("ed25519", "ml-dsa-87" as const),
        (s, needs, type, hash_algorithm, signature_algorithm) => {
          const base = payload(generateArtifact(input({ seed: s })));
          const other = payload(
            generateArtifact(
              input({
                seed: s,
                options: { artifact_type: type, hash_algorithm, signature_algorithm, timeout_ms: 900 },
                context: { cultural_context: { accessibility_needs: needs } },
              }),
            ),
          );
          expect(other.tokens).toEqual(base.tokens);
          expect(other.affect_vector).toEqual(base.affect_vector);
        },
      ),
      { numRuns: 60 },
    );
  });
});
