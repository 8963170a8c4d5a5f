// The evaluation's word sets. Held-out offensive words come from lists never used to build the gate data:
// wooorm's `cuss` (en, es, fr, it, pt, Arabic in Latin script) and `russian-bad-words` (ru). Ordinary words
// come from the held-out fifth of each hunspell dictionary (against data rebuilt from the other four fifths)
// and from independent word lists (an-array-of-*-words) against the shipped data.
import { createRequire } from "node:module";
import {
  cussLists,
  DICTIONARY_LANGUAGES,
  dictionaryWords,
  isHeldOutWord,
  russianBadWords,
} from "../scripts/word-sources.ts";
import { normaliseTerm } from "../src/text/fold.ts";
import type { OffensiveWords } from "../src/words/word-data.ts";

const require = createRequire(import.meta.url);

/** A deterministic sample of at most `size` items (every k-th of the sorted, de-duplicated list). */
export function sample(items: readonly string[], size: number): string[] {
  const sorted = [...new Set(items)].sort();
  if (sorted.length <= size) return sorted;
  const step = sorted.length / size;
  return Array.from({ length: size }, (_, i) => sorted[Math.floor(i * step)]!);
}

/** Held-out offensive words by the language a request would declare (`cuss` words rated at least `minRating`). */
export async function heldOutOffensive(minRating = 1): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const lists of [await cussLists(minRating), await russianBadWords()]) {
    for (const [language, words] of lists) out.set(language, [...(out.get(language) ?? []), ...words]);
  }
  return out;
}

/** The build-source entries of the shipped data, by language (the training-set figures). */
export function trainingOffensive(data: OffensiveWords, languages: readonly string[]): Map<string, string[]> {
  return new Map(languages.map((l) => [l, (data.languages[l]?.terms ?? []).map(([term]) => term)]));
}

/** Held-out words of each hunspell dictionary (the fifth never used to build data in the split rebuild). */
export function heldOutDictionary(): Map<string, string[]> {
  return new Map(
    DICTIONARY_LANGUAGES.map((l) => [
      l,
      dictionaryWords(l).filter((w) => isHeldOutWord(w) && /^\p{L}+$/u.test(w)),
    ]),
  );
}

/** Independent word lists (not the hunspell dictionaries), for en, fr and es. */
export function independentDictionary(): Map<string, string[]> {
  const read = (name: string) => (require(name) as string[]).map((w) => normaliseTerm(w));
  return new Map([
    ["en", read("an-array-of-english-words")],
    ["fr", read("an-array-of-french-words")],
    ["es", read("an-array-of-spanish-words")],
  ]);
}

/**
 * Scunthorpe-style ordinary words: those holding a listed word of at least four letters inside them
 * (`analysis`, `glasses`, `pittura`). They get their own false-positive row.
 */
export function scunthorpeWords(words: readonly string[], data: OffensiveWords): string[] {
  const roots = new Set<string>();
  for (const { terms } of Object.values(data.languages)) {
    for (const [term] of terms) if (/^\p{L}{4,6}$/u.test(term)) roots.add(term);
  }
  const out: string[] = [];
  for (const word of words) {
    if (word.length < 6) continue;
    outer: for (let start = 0; start < word.length - 3; start++) {
      for (let length = 4; length <= 6 && start + length <= word.length; length++) {
        if (length === word.length) continue;
        if (roots.has(word.slice(start, start + length))) {
          out.push(word);
          break outer;
        }
      }
    }
  }
  return out;
}

/** Share of `words` listed, exactly as normalised, in the build data (any language). */
export function overlapWithBuild(words: readonly string[], data: OffensiveWords): number {
  const listed = new Set<string>();
  for (const { terms } of Object.values(data.languages)) for (const [term] of terms) listed.add(term);
  const normalised = [...new Set(words.map(normaliseTerm))];
  return normalised.filter((w) => listed.has(w)).length / Math.max(1, normalised.length);
}
