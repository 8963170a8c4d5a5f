// Builds the offensive-word data (data/offensive-words.v2.json, data/dictionary-allow.v2.json); the CLI is
// scripts/build-word-data.ts, the evaluation rebuilds it from part of each dictionary (eval/dictionary-split.ts).
//
// 1. Merge every offensive-word source per language, recording which sources list each entry. Machine-translated
//    lists (@2toad/profanity outside English, washyourmouthoutwithsoap) are filtered: an entry that is an
//    ordinary word of its own language's dictionary is dropped (translations of `ass` give `asno`, `burro`).
// 2. Scope ambiguous entries: a single word that is an ordinary word of another language's dictionary (and not
//    listed in that language) applies only to readers of its own language (`bite` is English, `con` Spanish).
// 3. Scunthorpe allow-list: every dictionary word that a loose route (accent, sound, stem, compound) takes to a
//    listed word, unless the word is itself listed (`analisis`, `pollo`, `cockpit`).
// `useWord` picks the dictionary words these steps may use (all of them for the shipped data).
import { readFileSync } from "node:fs";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { foldCase, normaliseTerm } from "../src/text/fold.ts";
import { type LooseEntry, LooseIndex } from "../src/words/loose-index.ts";
import { stripAccents } from "../src/words/spelling.ts";
import type { DictionaryAllow, OffensiveWords } from "../src/words/word-data.ts";
import {
  badwordsList,
  DICTIONARY_LANGUAGES,
  dictionaryInfo,
  dictionaryWords,
  frenchBadwords,
  info,
  italianBadwords,
  type ListsByLanguage,
  ldnoobw,
  profanityHindi,
  type SourceInfo,
  toadProfanity,
  washYourMouth,
} from "./word-sources.ts";

const dataDir = new URL("../data/", import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dataDir), "utf8")) as T;

/** Sources whose entries are taken as listed; every other source loses entries that are dictionary words. */
const CURATED = new Set(["ldnoobw", "qrg", "qrg-romanized"]);
/** Entries are letters, digits, spaces, apostrophes and hyphens: symbols (`a$$`) are the normaliser's job. */
const USABLE = /^[\p{L}\p{M}\p{N}' -]+$/u;

export interface BuiltWordData {
  readonly offensive: OffensiveWords;
  readonly allow: DictionaryAllow;
}

export function buildWordData(useWord: (word: string) => boolean = () => true): BuiltWordData {
  const qrgExtra = readJson<{ version: string; languages: Record<string, string[]> }>(
    "offensive-extra.v1.json",
  );
  const romanized = readJson<{ version: string; languages: Record<string, string[]> }>("romanized.v1.json");
  const allowV1 = readJson<{ languages: Record<string, string[]> }>("allow-list.v1.json");
  const strongRoots = readJson<{ version: string; languages: Record<string, string[]> }>(
    "strong-roots.v1.json",
  );

  const sources: Record<string, SourceInfo & { lists: ListsByLanguage; machineTranslated?: boolean }> = {
    ldnoobw: {
      ...info(
        "naughty-words",
        "https://github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words",
        "LDNOOBW",
      ),
      lists: ldnoobw(),
    },
    qrg: {
      package: "packages/gates/data/offensive-extra.v1.json",
      version: qrgExtra.version,
      licence: "Apache-2.0",
      url: "https://en.wiktionary.org/wiki/Category:Vulgarities_by_language",
      note: "QRG additions: inflections and spellings the LDNOOBW lists miss",
      lists: new Map(Object.entries(qrgExtra.languages)),
    },
    "qrg-romanized": {
      package: "packages/gates/data/romanized.v1.json",
      version: romanized.version,
      licence: "Apache-2.0",
      url: "packages/gates/data/romanized.v1.json",
      note: "Arabic and Hindi/Urdu words as typed in Latin script",
      lists: new Map(Object.entries(romanized.languages)),
    },
    "badwords-list": {
      ...info("badwords-list", "https://github.com/MauriceButler/badwords"),
      lists: badwordsList(),
    },
    "french-badwords-list": {
      ...info("french-badwords-list", "https://github.com/darwiin/french-badwords-list"),
      lists: frenchBadwords(),
    },
    "2toad": {
      ...info(
        "@2toad/profanity",
        "https://github.com/2Toad/Profanity",
        "non-English lists are machine translations of the English one; ordinary dictionary words dropped",
      ),
      lists: toadProfanity(),
      machineTranslated: true,
    },
    wymows: {
      ...info(
        "washyourmouthoutwithsoap",
        "https://github.com/thisandagain/washyourmouthoutwithsoap",
        "machine translations of one English list; ordinary dictionary words dropped",
      ),
      lists: washYourMouth(),
      machineTranslated: true,
    },
    "italian-badwords-list": {
      ...info("italian-badwords-list", "https://github.com/napolux/paroleitaliane"),
      lists: italianBadwords(),
    },
    "profanity-hindi": {
      ...info("profanity-hindi", "https://github.com/surajkumar/profanity-hindi", "romanized Hindi"),
      lists: profanityHindi(),
    },
  };

  // Dictionaries (the words `useWord` allows). A listed word's own suffix forms are not ordinary words.
  const listedAnywhere = new Map<string, Set<string>>();
  for (const source of Object.values(sources)) {
    for (const [language, words] of source.lists) {
      const set = listedAnywhere.get(language) ?? new Set<string>();
      listedAnywhere.set(language, set);
      for (const word of words) set.add(normaliseTerm(word));
    }
  }
  const dictionaries = new Map<string, Set<string>>();
  for (const language of DICTIONARY_LANGUAGES) {
    const words = dictionaryWords(language, listedAnywhere.get(language) ?? new Set());
    dictionaries.set(language, new Set(words.filter(useWord)));
  }

  // 1. Merge.
  const merged = new Map<string, Map<string, Set<string>>>(); // language → term → source ids
  for (const [id, source] of Object.entries(sources)) {
    for (const [language, words] of source.lists) {
      const dictionary = dictionaries.get(language);
      for (const raw of words) {
        const term = normaliseTerm(raw);
        if (term.length < 2 || term.split(" ").length > 5 || !USABLE.test(term)) continue;
        if (!CURATED.has(id)) {
          // Spelled-out or split entries (`f u c k`, `s hit`) are the normaliser's job, not a list's.
          if (term.split(" ").some((word) => [...word].length < 2)) continue;
          // Machine translations are kept only where a dictionary can vet them.
          if (source.machineTranslated && dictionary === undefined) continue;
          if (dictionary?.has(term)) continue;
        }
        const terms = merged.get(language) ?? new Map<string, Set<string>>();
        merged.set(language, terms);
        const ids = terms.get(term) ?? new Set<string>();
        terms.set(term, ids);
        ids.add(id);
      }
    }
  }

  // 2. Scope ambiguous entries.
  const allowV1ByTerm = new Set(
    Object.values(allowV1.languages).flatMap((terms) => terms.map(normaliseTerm)),
  );
  const scopedOf = (language: string, term: string): boolean => {
    if (term.includes(" ")) return false;
    if (allowV1ByTerm.has(term)) return true;
    for (const [other, words] of dictionaries) {
      if (other === language || other === language.split("-")[0]) continue;
      if (words.has(term) && !merged.get(other)?.has(term)) return true;
    }
    return false;
  };

  const out: OffensiveWords = {
    version: "2.0.0",
    description:
      "Offensive words per language, merged by scripts/build-word-data.ts from the sources below. Every language applies to every request; `scoped` entries are ordinary words in another language and apply only when their language is declared.",
    sources: Object.fromEntries(
      Object.entries(sources).map(([id, { lists: _, machineTranslated: __, ...rest }]) => [id, rest]),
    ),
    languages: {},
  };
  const looseEntries: LooseEntry[] = [];
  const listed = new Set<string>();
  for (const language of [...merged.keys()].sort()) {
    const terms = merged.get(language)!;
    const sorted = [...terms.keys()].sort();
    const scoped = sorted.filter((term) => scopedOf(language, term));
    const scopedSet = new Set(scoped);
    out.languages[language] = { terms: sorted.map((t) => [t, [...terms.get(t)!].sort().join(",")]), scoped };
    for (const term of sorted) {
      listed.add(term);
      if (!term.includes(" ")) looseEntries.push({ term, language, scoped: scopedSet.has(term) });
    }
  }

  // 3. Scunthorpe allow-list. Words that begin with a strong root stay offensive (`shitfaced`, `cazzata`).
  const roots = [
    ...new Set(
      Object.values(strongRoots.languages)
        .flat()
        .map((r) => stripAccents(normaliseTerm(r))),
    ),
  ];
  const builtOnStrongRoot = (bare: string) => roots.some((root) => bare.startsWith(root));
  const loose = new LooseIndex(looseEntries);
  const obscene = englishObscenityProbe();
  const allow: DictionaryAllow = {
    version: "2.0.0",
    description:
      "Dictionary words (accents stripped) that a loose route (accent, sound, stem, compound) takes to a listed word; a loose hit on one of them is waived. Built from the whole of each dictionary (the evaluation rebuilds it from four words in five and counts the fifth).",
    sources: Object.fromEntries(DICTIONARY_LANGUAGES.map((l) => [`dictionary-${l}`, dictionaryInfo(l)])),
    languages: {},
  };
  for (const [language, words] of dictionaries) {
    const found = new Set<string>();
    for (const word of words) {
      const folded = foldCase(word);
      if (listed.has(folded) || folded.includes(" ")) continue;
      const bare = stripAccents(folded);
      if (builtOnStrongRoot(bare)) continue;
      if (loose.find(bare, () => true) !== undefined || obscene(bare)) found.add(bare);
    }
    allow.languages[language] = [...found].sort();
  }

  return { offensive: out, allow };
}

/**
 * Whether obscenity's English matcher (which the cultural gate runs for every reader, and which finds profanity
 * inside longer words) flags a word: `analisis`, `cumplir`. The literal beginnings of its patterns pre-filter
 * the words, so the slow matcher runs on a few percent of them (a pattern opening with a wildcard is missed).
 */
function englishObscenityProbe(): (word: string) => boolean {
  const built = englishDataset.build();
  const matcher = new RegExpMatcher({ ...built, ...englishRecommendedTransformers });
  const roots = new Set<string>();
  for (const { pattern } of built.blacklistedTerms) {
    let root = "";
    for (const node of pattern.nodes as { kind: number; chars?: number[] }[]) {
      if (node.kind === 0) continue;
      if (node.kind !== 2 || node.chars === undefined) break;
      root += String.fromCharCode(...node.chars);
    }
    if (root.length >= 3) roots.add(root);
  }
  const prefilter = new RegExp([...roots].join("|"), "u");
  return (word) => prefilter.test(word) && matcher.hasMatch(word);
}
