import type { GateData } from "../data/gate-data.ts";
import type { AllowList } from "../lexicon/allow-list.ts";
import { Lexicon, type LexiconHit, type LexiconTerm } from "../lexicon/lexicon.ts";
import { type LexiconRecipe, type LooseKeysFile, lexiconFor, sourceKey } from "../lexicon/lexicon-file.ts";
import { foldCase } from "../text/fold.ts";
import { type PreparedText, prepareText } from "../text/prepare.ts";
import type { Reading } from "../text/reading.ts";
import { type LooseEntry, LooseIndex, looseKeys } from "../words/loose-index.ts";
import { stripAccents } from "../words/spelling.ts";
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
  /** Source ids that list the term, e.g. `ldnoobw,qrg`. */
  readonly sources: string;
  readonly scoped: boolean;
}

interface RegionMeta {
  readonly region: string;
}

/** Display names of the source ids in data/offensive-words.v2.json, for rejection reasons. */
const SOURCE_NAMES: Readonly<Record<string, string>> = { ldnoobw: "LDNOOBW", qrg: "QRG" };

/**
 * Offensive words in every language and terms sensitive in the user's regions: the token lexicon (every merged
 * list, word-bounded, folded), then the loose matcher (accents, sound-alikes, inflections, compounds; ordinary
 * dictionary words waived), then obscenity's matcher. Every language's list applies to every request, except
 * scoped entries (ordinary words elsewhere, `bite`), which apply to readers of their language.
 */
export class OffensiveScreen {
  private readonly words: Lexicon<LanguageMeta>;
  private readonly loose: LooseIndex;
  private readonly ordinary: ReadonlySet<string>;
  private readonly regional: Lexicon<RegionMeta>;
  private readonly obscenity: ObscenityScreen;
  private readonly allow: AllowList;

  constructor(data: GateData, allow: AllowList) {
    this.allow = allow;
    const lists = new Map<string, readonly string[]>();
    for (const [language, { terms }] of Object.entries(data.offensiveWords.languages)) {
      lists.set(
        language,
        terms.map(([term]) => term),
      );
    }
    this.words = lexiconFor(offensiveWordsLexicon(data), data.precompiled);
    const looseEntries = offensiveLooseEntries(data);
    const keys = data.precompiled?.looseKeys.get(looseKeysKey(data))?.keys;
    this.loose = new LooseIndex(looseEntries, keys?.length === looseEntries.length ? keys : undefined);
    this.ordinary = new Set(Object.values(data.dictionaryAllow.languages).flat());

    const regionalTerms: LexiconTerm<RegionMeta>[] = [];
    for (const [region, { terms }] of Object.entries(data.regionalTerms.regions)) {
      const meta: RegionMeta = { region };
      for (const term of terms) regionalTerms.push({ term, meta });
    }
    this.regional = new Lexicon(regionalTerms);
    this.obscenity = new ObscenityScreen(lists, allow, data.englishObscenityAllow.words, this.ordinary);
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
      // A term listed in a declared language names that language; otherwise the first listed anywhere.
      let fallback: LexiconHit<LanguageMeta> | undefined;
      let declared: LexiconHit<LanguageMeta> | undefined;
      this.words.scan(
        text,
        (hit) => {
          if (!applies(hit.meta, reading) || this.allow.waives(hit.term, reading.languages)) return false;
          if (reading.languages.has(hit.meta.language)) {
            declared = hit;
            return true;
          }
          fallback ??= hit;
          return false;
        },
        mask,
      );
      const listed = declared ?? fallback;
      if (listed !== undefined) {
        return {
          rule_id: `offensive_language.${listed.meta.language}`,
          reason: `offensive language (${listed.meta.language}, ${sourceNames(listed.meta.sources)} word list)`,
          term: listed.term,
        };
      }
      finding = this.findLoose(text, reading);
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
      // Folded like every other screen's input: obscenity's own transformers know neither NFKC nor invisibles.
      hit = this.obscenity.find(foldCase(text), reading.languages, this.allow);
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

  /** A word that reaches a listed word by a loose route, unless it is an ordinary dictionary word. */
  private findLoose(text: PreparedText, reading: Reading): OffensiveFinding | undefined {
    const seen = new Set<string>();
    const accept = (entry: LooseEntry) =>
      applies(entry, reading) && !this.allow.waives(entry.term, reading.languages);
    for (const view of text.views) {
      for (const token of view) {
        for (const form of token.exact) {
          if (seen.has(form)) continue;
          seen.add(form);
          const bare = stripAccents(form);
          if (this.ordinary.has(bare) || this.allow.waives(form, reading.languages)) continue;
          const hit = this.loose.find(bare, accept);
          if (hit === undefined) continue;
          return {
            rule_id: `offensive_language.${hit.entry.language}`,
            reason: `offensive language (${hit.entry.language}, ${hit.route} of a listed word)`,
            term: hit.entry.term,
          };
        }
      }
    }
    return undefined;
  }
}

/** Whether a list entry applies to this reader: every entry does, except scoped ones outside their language. */
function applies(meta: { language: string; scoped: boolean }, reading: Reading): boolean {
  return !meta.scoped || reading.languages.has(meta.language);
}

function sourceNames(ids: string): string {
  return ids
    .split(",")
    .map((id) => SOURCE_NAMES[id] ?? id)
    .join("+");
}

/** Every language's merged list as one lexicon recipe (precompiled for the shipped data by `build:lexicons`). */
export function offensiveWordsLexicon(data: GateData): LexiconRecipe<LanguageMeta> {
  return {
    name: "offensive-words",
    source: data.offensiveWords,
    terms: () => {
      const out: LexiconTerm<LanguageMeta>[] = [];
      for (const [language, { terms, scoped }] of Object.entries(data.offensiveWords.languages)) {
        const scopedSet = new Set(scoped);
        for (const [term, sources] of terms)
          out.push({ term, meta: { language, sources, scoped: scopedSet.has(term) } });
      }
      return out;
    },
  };
}

/** The single-word entries of every language's list, for the loose matcher. */
function offensiveLooseEntries(data: GateData): LooseEntry[] {
  const out: LooseEntry[] = [];
  for (const [language, { terms, scoped }] of Object.entries(data.offensiveWords.languages)) {
    const scopedSet = new Set(scoped);
    for (const [term] of terms) {
      if (!term.includes(" ")) out.push({ term, language, scoped: scopedSet.has(term) });
    }
  }
  return out;
}

function looseKeysKey(data: GateData): string {
  return sourceKey({ looseKeys: data.offensiveWords });
}

/** The loose matcher's spelling keys of every single-word entry, precompiled by `build:lexicons`. */
export function offensiveLooseKeys(data: GateData): LooseKeysFile {
  return {
    name: "offensive-words-loose",
    key: looseKeysKey(data),
    keys: offensiveLooseEntries(data).map(looseKeys),
  };
}
