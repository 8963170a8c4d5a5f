import { normaliseTerm, UNSPACED_SCRIPT } from "../text/fold.ts";

/**
 * Benign words per language (data/allow-list.v1.json). A term found by an offensive-word list is waived when
 * it is on the allow-list of a language the user reads; in unspaced scripts allowed phrases are blanked out of
 * the text before the substring search.
 */
export class AllowList {
  private readonly byLanguage = new Map<string, Set<string>>();
  private readonly unspacedByLanguage = new Map<string, string[]>();
  private readonly maskCache = new Map<string, readonly string[]>();
  private readonly phrasesByLanguage = new Map<string, { phrase: string; pattern: RegExp }[]>();

  constructor(languages: Readonly<Record<string, readonly string[]>>) {
    for (const [language, terms] of Object.entries(languages)) {
      const set = new Set<string>();
      const unspaced: string[] = [];
      const phrases: { phrase: string; pattern: RegExp }[] = [];
      for (const raw of terms) {
        const term = normaliseTerm(raw);
        set.add(term);
        if (UNSPACED_SCRIPT.test(term)) unspaced.push(term.replace(/\s+/gu, ""));
        else if (term.includes(" ")) {
          phrases.push({
            phrase: term,
            pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?![\\p{L}\\p{N}])`, "gu"),
          });
        }
      }
      this.phrasesByLanguage.set(language, phrases);
      this.byLanguage.set(language, set);
      // Longest first, so `处女座` is blanked before a shorter allowed phrase inside it.
      this.unspacedByLanguage.set(
        language,
        unspaced.sort((a, b) => b.length - a.length),
      );
    }
  }

  /** Every allowed term of `language` (normalised). */
  terms(language: string): readonly string[] {
    return [...(this.byLanguage.get(language) ?? [])];
  }

  /** Whether `term` (normalised) is benign in one of `languages`. */
  waives(term: string, languages: ReadonlySet<string>): boolean {
    for (const language of languages) {
      if (this.byLanguage.get(language)?.has(term)) return true;
    }
    return false;
  }

  /**
   * `folded` (a case-folded text) with the allowed multi-word phrases of these readers blanked out
   * (`pussy willow`), or undefined when none occurs.
   */
  maskPhrases(folded: string, languages: ReadonlySet<string>): string | undefined {
    let masked: string | undefined;
    for (const language of languages) {
      for (const { phrase, pattern } of this.phrasesByLanguage.get(language) ?? []) {
        const current = masked ?? folded;
        if (current.includes(phrase)) masked = current.replace(pattern, " ");
      }
    }
    return masked;
  }

  /** Allowed phrases in unspaced scripts for these readers, longest first. */
  unspacedMask(languages: ReadonlySet<string>): readonly string[] {
    const key = [...languages].sort().join(",");
    let mask = this.maskCache.get(key);
    if (mask === undefined) {
      mask = [...languages]
        .flatMap((language) => this.unspacedByLanguage.get(language) ?? [])
        .sort((a, b) => b.length - a.length);
      // Bounded: one entry per distinct language set actually seen.
      if (this.maskCache.size < 1024) this.maskCache.set(key, mask);
    }
    return mask;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
