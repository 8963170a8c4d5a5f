import {
  collapseDuplicatesTransformer,
  DataSet,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
  RegExpMatcher,
  resolveConfusablesTransformer,
  resolveLeetSpeakTransformer,
  toAsciiLowerCaseTransformer,
} from "obscenity";
import type { AllowList } from "../lexicon/allow-list.ts";
import { foldCase, normaliseTerm } from "../text/fold.ts";
import { stripAccents } from "../words/spelling.ts";

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
const LETTER = /[\p{L}\p{M}]/u;

/**
 * For the other languages: obscenity's confusable, leetspeak and lower-casing transformers, but doubled letters
 * are kept (threshold 2) — doubles are ordinary spelling in many languages (`sikke`, a coin, is not `sike`), and
 * letters stretched further are the token lexicon's job.
 */
const otherLanguageTransformers = {
  blacklistMatcherTransformers: [
    resolveConfusablesTransformer(),
    resolveLeetSpeakTransformer(),
    toAsciiLowerCaseTransformer(),
    collapseDuplicatesTransformer({ defaultThreshold: 2 }),
  ],
  whitelistMatcherTransformers: [toAsciiLowerCaseTransformer()],
};

/**
 * obscenity's RegExpMatcher with its transformers (confusables and homoglyphs, leetspeak, repeated letters):
 * its English dataset always, plus one word-bounded dataset per other language built from that language's
 * lists (LDNOOBW and ours), applied for the user's languages. A second, independently written matcher behind
 * the token lexicon: it catches spellings the lexicon's folds miss, and profanity inside longer words.
 *
 * A hit is waived when its term, or the whole word it was found in, is allowed for the reader, or when that
 * word is an ordinary English word obscenity is known to flag (`cockpit`, `rapeseed`; see
 * data/english-obscenity-allow.v1.json).
 */
export class ObscenityScreen {
  private readonly english: LanguageMatcher;
  private readonly others = new Map<string, LanguageMatcher | null>();
  private readonly lists: ReadonlyMap<string, readonly string[]>;
  private readonly allowList: AllowList;
  private readonly ordinaryEnglish: ReadonlySet<string>;
  /** Dictionary words of every language (accents stripped) that hold a listed word: `análisis`, `cockpit`. */
  private readonly ordinaryWords: ReadonlySet<string>;

  constructor(
    listsByLanguage: ReadonlyMap<string, readonly string[]>,
    allow: AllowList,
    ordinaryEnglish: readonly string[],
    ordinaryWords: ReadonlySet<string> = new Set(),
  ) {
    this.ordinaryEnglish = new Set(ordinaryEnglish);
    this.ordinaryWords = ordinaryWords;
    const englishAllowed = allow.terms("en").filter((t) => /^[\x20-\x7e]+$/.test(t));
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
    this.lists = listsByLanguage;
    this.allowList = allow;
  }

  /**
   * The word-bounded matcher of `language` (undefined when its list has no usable pattern), built on first use:
   * most processes serve few languages, and building all of them was a tenth of the start-up.
   */
  private matcherFor(language: string): LanguageMatcher | undefined {
    const built = this.others.get(language);
    if (built !== undefined) return built ?? undefined;
    const words = language === "en" ? undefined : this.lists.get(language);
    const matcher = words === undefined ? undefined : buildLanguageMatcher(language, words, this.allowList);
    this.others.set(language, matcher ?? null);
    return matcher;
  }

  /**
   * The first term found in `text` (and in the `literal` texts, machine-made strings where only a term spelled
   * exactly counts: obscenity reads `FK` or `b00b` into any random base64) in one of `languages` (English always)
   * that nothing waives.
   */
  find(
    text: string,
    languages: ReadonlySet<string>,
    allow: AllowList,
    literal: readonly string[] = [],
  ): ObscenityHit | undefined {
    // Verdicts are a pure function of (text, languages, literal) for this screen: most visible texts are lexicon
    // tokens that recur in every artifact, so a bounded memo saves most of the regex work.
    const key = `${[...languages].sort().join(",")}\u0001${text}\u0001${literal.join("\u0002")}`;
    const memo = this.memo.get(key);
    if (memo !== undefined) return memo ?? undefined;
    const found = this.match(text, languages, allow, literal);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, found ?? null);
    return found;
  }

  private readonly memo = new Map<string, ObscenityHit | null>();

  private match(
    text: string,
    languages: ReadonlySet<string>,
    allow: AllowList,
    literal: readonly string[],
  ): ObscenityHit | undefined {
    const matchers = [this.english, ...[...languages].flatMap((l) => this.matcherFor(l) ?? [])];
    for (const matcher of matchers) {
      const hit =
        this.findWith(matcher, text, languages, allow, false) ??
        literal.map((t) => this.findWith(matcher, t, languages, allow, true)).find((h) => h !== undefined);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  private findWith(
    { language, matcher, dataset }: LanguageMatcher,
    text: string,
    languages: ReadonlySet<string>,
    allow: AllowList,
    literalOnly: boolean,
  ): ObscenityHit | undefined {
    if (text.length === 0 || !matcher.hasMatch(text)) return undefined;
    for (const match of matcher.getAllMatches(text)) {
      const word = dataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
      const span = foldCase(text.slice(match.startIndex, match.endIndex + 1));
      const term = normaliseTerm(word ?? span);
      if (literalOnly && span !== term) continue;
      const enclosing = enclosingWord(text, match.startIndex, match.endIndex);
      const waived =
        allow.waives(term, languages) ||
        allow.waives(enclosing, languages) ||
        (enclosing !== term &&
          (this.ordinaryEnglish.has(enclosing) || this.ordinaryWords.has(stripAccents(enclosing))));
      if (!waived) return { language, term };
    }
    return undefined;
  }
}

function buildLanguageMatcher(
  language: string,
  words: readonly string[],
  allow: AllowList,
): LanguageMatcher | undefined {
  const allowed = new Set(allow.terms(language));
  const patterns = new Set<string>();
  for (const word of words) {
    const folded = normaliseTerm(word);
    if (ASCII_WORD.test(folded) && folded.length >= MIN_PATTERN_LENGTH && !allowed.has(folded)) {
      patterns.add(folded);
    }
  }
  if (patterns.size === 0) return undefined;
  const dataset = new DataSet<Metadata>();
  for (const word of patterns) {
    dataset.addPhrase((phrase) =>
      phrase.setMetadata({ originalWord: word }).addPattern(parseRawPattern(`|${word}|`)),
    );
  }
  return {
    language,
    dataset,
    matcher: new RegExpMatcher({
      ...dataset.build(),
      whitelistedTerms: [...allowed].filter((t) => ASCII_WORD.test(t)),
      ...otherLanguageTransformers,
    }),
  };
}

/** Memoised verdicts kept before the memo starts over (each entry is a short text and a small result). */
const MEMO_LIMIT = 20_000;

/** The whole word (run of letters) around `text[start..end]`, case-folded. */
function enclosingWord(text: string, start: number, end: number): string {
  let from = start;
  let to = end + 1;
  while (from > 0 && LETTER.test(text[from - 1]!)) from--;
  while (to < text.length && LETTER.test(text[to]!)) to++;
  return foldCase(text.slice(from, to));
}
