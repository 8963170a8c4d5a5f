import { describe, expect, it } from "vitest";
import { estimateSyllables, MAX_INTENT_WORDS, normaliseIntent } from "../src/intent.ts";

describe("normaliseIntent", () => {
  it("lowercases, strips punctuation and drops stopwords and short words", () => {
    expect(normaliseIntent("A calm Lantern, by the TIDE!!! (please)")).toEqual(["calm", "lantern", "tide"]);
  });

  it("folds compatibility forms with NFKC", () => {
    expect(normaliseIntent("ＬＡＮＴＥＲＮ ﬁre-light")).toEqual(["lantern", "fire", "light"]);
  });

  it("keeps words of other scripts and drops bare numbers", () => {
    expect(normaliseIntent("Ρεύμα 2025 océano 42nd")).toEqual(["ρεύμα", "océano", "42nd"]);
  });

  it("dedupes in order and caps the count", () => {
    expect(normaliseIntent("tide tide ember")).toEqual(["tide", "ember"]);
    const many = normaliseIntent("one amber two basalt three cedar four dune five ember six fern seven glow");
    expect(many).toHaveLength(MAX_INTENT_WORDS);
    expect(many[0]).toBe("one");
  });

  it("drops words longer than 24 letters and returns nothing for empty intent", () => {
    expect(normaliseIntent(`${"x".repeat(25)} tide`)).toEqual(["tide"]);
    expect(normaliseIntent(undefined)).toEqual([]);
    expect(normaliseIntent("   ...   ")).toEqual([]);
  });

  it("estimates syllables from vowel groups", () => {
    expect(estimateSyllables("lantern")).toBe(2);
    expect(estimateSyllables("tide")).toBe(1);
    expect(estimateSyllables("resonance")).toBe(3);
    expect(estimateSyllables("ρεύμα")).toBeGreaterThanOrEqual(1);
  });
});
