import type { GateData } from "../data/gate-data.ts";
import type { AllowList } from "../lexicon/allow-list.ts";
import { Lexicon, type LexiconTerm } from "../lexicon/lexicon.ts";
import { type PreparedText, prepareText } from "../text/prepare.ts";
import type { Reading } from "../text/reading.ts";
import { type ObscenityHit, ObscenityScreen } from "./obscenity-screen.ts";

/** Why a text was refused: the rule, a reason that names the list (never the word), and the term for review. */
export interface OffensiveFinding {
  /** `offensive_language.<lang>` or `regional_sensitivity.<REGION>`. */
  readonly rule_id: string;
  readonly reason: string;
  /** The list term that was found (normalised). Logged for review, never returned to the client. */
  readonly term: string;
}

interface LanguageMeta {
  readonly language: string;
  readonly source: "LDNOOBW" | "QRG";
}

interface RegionMeta {
  readonly region: string;
}

/**
 * Offensive words in the languages a user reads and terms sensitive in the user's regions: the token lexicon
 * (LDNOOBW + our additions, every language, word-bounded, folded) first, then obscenity's matcher.
 */
export class OffensiveScreen {
  private readonly words: Lexicon<LanguageMeta>;
  private readonly regional: Lexicon<RegionMeta>;
  private readonly obscenity: ObscenityScreen;
  private readonly allow: AllowList;

  constructor(data: GateData, allow: AllowList) {
    this.allow = allow;
    const lists = offensiveListsByLanguage(data);
    const wordTerms: LexiconTerm<LanguageMeta>[] = [];
    for (const [language, words] of Object.entries(data.ldnoobw)) {
      const meta: LanguageMeta = { language, source: "LDNOOBW" };
      for (const term of words) wordTerms.push({ term, meta });
    }
    for (const [language, words] of Object.entries(data.offensiveExtra.languages)) {
      const meta: LanguageMeta = { language, source: "QRG" };
      for (const term of words) wordTerms.push({ term, meta });
    }
    this.words = new Lexicon(wordTerms);

    const regionalTerms: LexiconTerm<RegionMeta>[] = [];
    for (const [region, { terms }] of Object.entries(data.regionalTerms.regions)) {
      const meta: RegionMeta = { region };
      for (const term of terms) regionalTerms.push({ term, meta });
    }
    this.regional = new Lexicon(regionalTerms);
    this.obscenity = new ObscenityScreen(lists, allow, data.englishObscenityAllow.words);
  }

  /**
   * The first offensive or regionally sensitive term in `texts` for this reader, if any. `prose` is the raw
   * texts for obscenity, each matched on its own; `literal` ones (machine-made strings, see looksEncoded) only count exact spellings.
   */
  find(
    texts: readonly PreparedText[],
    prose: readonly string[],
    reading: Reading,
    literal: readonly string[] = [],
  ): OffensiveFinding | undefined {
    const mask = this.allow.unspacedMask(reading.languages);
    let finding: OffensiveFinding | undefined;
    for (const original of texts) {
      const masked = this.allow.maskPhrases(original.folded, reading.languages);
      const text = masked === undefined ? original : prepareText(masked);
      this.words.scan(
        text,
        (hit) => {
          if (!reading.languages.has(hit.meta.language) || this.allow.waives(hit.term, reading.languages))
            return false;
          finding = {
            rule_id: `offensive_language.${hit.meta.language}`,
            reason: `offensive language (${hit.meta.language}, ${hit.meta.source} word list)`,
            term: hit.term,
          };
          return true;
        },
        mask,
      );
      if (finding !== undefined) return finding;
      if (reading.regions.size === 0) continue;
      this.regional.scan(text, (hit) => {
        if (!reading.regions.has(hit.meta.region)) return false;
        finding = {
          rule_id: `regional_sensitivity.${hit.meta.region}`,
          reason: `term sensitive in region ${hit.meta.region}`,
          term: hit.term,
        };
        return true;
      });
      if (finding !== undefined) return finding;
    }
    let hit: ObscenityHit | undefined;
    for (const text of prose) {
      hit = this.obscenity.find(text, reading.languages, this.allow);
      if (hit !== undefined) break;
    }
    if (hit === undefined && literal.length > 0)
      hit = this.obscenity.find("", reading.languages, this.allow, literal);
    if (hit !== undefined) {
      return {
        rule_id: `offensive_language.${hit.language}`,
        reason: `offensive language (${hit.language}, obscenity matcher)`,
        term: hit.term,
      };
    }
    return undefined;
  }
}

/** Every offensive word list by language: LDNOOBW plus our additions. */
function offensiveListsByLanguage(data: GateData): Map<string, readonly string[]> {
  const lists = new Map<string, string[]>();
  const add = (language: string, words: readonly string[]) => {
    const list = lists.get(language) ?? [];
    list.push(...words);
    lists.set(language, list);
  };
  for (const [language, words] of Object.entries(data.ldnoobw)) add(language, words);
  for (const [language, words] of Object.entries(data.offensiveExtra.languages)) add(language, words);
  return lists;
}
