import type { GateData } from "../data/gate-data.ts";
import { Lexicon, type LexiconTerm } from "../lexicon/lexicon.ts";
import type { PreparedText } from "../text/prepare.ts";
import type { Reading } from "../text/reading.ts";

interface IdentityMeta {
  readonly category: string;
  readonly language: string;
}

interface ValenceMeta {
  readonly language: string;
}

/** An identity category named next to negative-valence words. */
export interface BiasFinding {
  readonly category: string;
  /** The identity term and one negative term, for review logs. */
  readonly identity: string;
  readonly negative: string;
}

/**
 * Flags identity terms (gender, ethnicity, religion, nationality, disability, sexuality, age; multilingual)
 * that appear in the same artifact as negative-valence words, in the languages the user reads. Neither list is
 * offensive alone; together they are how a stereotype reads.
 */
export class BiasCheck {
  private readonly identities: Lexicon<IdentityMeta>;
  private readonly negatives: Lexicon<ValenceMeta>;

  constructor(data: GateData) {
    const identityTerms: LexiconTerm<IdentityMeta>[] = [];
    for (const [category, byLanguage] of Object.entries(data.identityTerms.categories)) {
      for (const [language, terms] of Object.entries(byLanguage)) {
        const meta: IdentityMeta = { category, language };
        for (const term of terms) identityTerms.push({ term, meta });
      }
    }
    this.identities = new Lexicon(identityTerms);
    const negativeTerms: LexiconTerm<ValenceMeta>[] = [];
    for (const [language, terms] of Object.entries(data.negativeValence.languages)) {
      const meta: ValenceMeta = { language };
      for (const term of terms) negativeTerms.push({ term, meta });
    }
    this.negatives = new Lexicon(negativeTerms);
  }

  /** One finding per identity category that co-occurs with a negative-valence word. */
  find(texts: readonly PreparedText[], reading: Reading): BiasFinding[] {
    let negative: string | undefined;
    for (const text of texts) {
      this.negatives.scan(text, (hit) => {
        if (!reading.languages.has(hit.meta.language)) return false;
        negative = hit.term;
        return true;
      });
      if (negative !== undefined) break;
    }
    if (negative === undefined) return [];
    const byCategory = new Map<string, BiasFinding>();
    for (const text of texts) {
      for (const hit of this.identities.findAll(text, (h) => reading.languages.has(h.meta.language))) {
        if (!byCategory.has(hit.meta.category)) {
          byCategory.set(hit.meta.category, { category: hit.meta.category, identity: hit.term, negative });
        }
      }
    }
    return [...byCategory.values()];
  }
}
