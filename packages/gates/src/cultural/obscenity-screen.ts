import {
  DataSet,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
  RegExpMatcher,
} from "obscenity";
import type { AllowList } from "../lexicon/allow-list.ts";
import { normaliseTerm } from "../text/fold.ts";

interface Metadata {
  originalWord: string;
}

interface LanguageMatcher {
  readonly language: string;
  readonly matcher: RegExpMatcher;
  readonly dataset: DataSet<Metadata>;
}

/** A term obscenity's matcher found. */
export interface ObscenityHit {
  readonly language: string;
  readonly term: string;
}

/** Single ASCII words of at least this length become obscenity patterns (shorter ones are too ambiguous). */
const MIN_PATTERN_LENGTH = 4;
const ASCII_WORD = /^[a-z]+$/;

/**
 * obscenity's RegExpMatcher with its transformers (confusables and homoglyphs, leetspeak, repeated letters):
 * its English dataset always, plus one word-bounded dataset per other language built from that language's
 * lists (LDNOOBW and ours), applied for the user's languages. A second, independently written matcher behind
 * the token lexicon: it catches spellings the lexicon's folds miss.
 */
export class ObscenityScreen {
  private readonly english: LanguageMatcher;
  private readonly others = new Map<string, LanguageMatcher>();

  constructor(listsByLanguage: ReadonlyMap<string, readonly string[]>, allow: AllowList) {
    const englishAllowed = allow.terms("en");
    const built = englishDataset.build();
    this.english = {
      language: "en",
      dataset: englishDataset as unknown as DataSet<Metadata>,
      matcher: new RegExpMatcher({
        ...built,
        whitelistedTerms: [...(built.whitelistedTerms ?? []), ...englishAllowed],
        ...englishRecommendedTransformers,
      }),
    };
    for (const [language, words] of listsByLanguage) {
      if (language === "en") continue;
      const allowed = new Set(allow.terms(language));
      const patterns = new Set<string>();
      for (const word of words) {
        const folded = normaliseTerm(word);
        if (ASCII_WORD.test(folded) && folded.length >= MIN_PATTERN_LENGTH && !allowed.has(folded)) {
          patterns.add(folded);
        }
      }
      if (patterns.size === 0) continue;
      const dataset = new DataSet<Metadata>();
      for (const word of patterns) {
        dataset.addPhrase((phrase) => phrase.setMetadata({ originalWord: word }).addPattern(parseRawPattern(`|${word}|`)));
      }
      this.others.set(language, {
        language,
        dataset,
        matcher: new RegExpMatcher({
          ...dataset.build(),
          whitelistedTerms: [...allowed].filter((t) => ASCII_WORD.test(t)),
          ...englishRecommendedTransformers,
        }),
      });
    }
  }

  /** The first term found in `text` in one of `languages` (English always) that no allow-list waives. */
  find(text: string, languages: ReadonlySet<string>, allow: AllowList): ObscenityHit | undefined {
    const hit = this.findWith(this.english, text, languages, allow);
    if (hit !== undefined) return hit;
    for (const language of languages) {
      const matcher = this.others.get(language);
      if (matcher === undefined) continue;
      const found = this.findWith(matcher, text, languages, allow);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private findWith(
    { language, matcher, dataset }: LanguageMatcher,
    text: string,
    languages: ReadonlySet<string>,
    allow: AllowList,
  ): ObscenityHit | undefined {
    if (!matcher.hasMatch(text)) return undefined;
    for (const match of matcher.getAllMatches(text)) {
      const word = dataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
      const term = normaliseTerm(word ?? text.slice(match.startIndex, match.endIndex + 1));
      if (!allow.waives(term, languages)) return { language, term };
    }
    return undefined;
  }
}
