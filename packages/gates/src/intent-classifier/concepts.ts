/**
 * Concept tags of normalised words: `stab`, `apuñalar`, `erstechen` → HURT. The classifier learns one weight per
 * concept and per pair of concepts in a window (CHILD+SEXUAL, MAKE+EXPLOSIVE), so a word the concept lexicon
 * lists but no training sentence uses still counts. Entries: a word (exact), a stem ending in `*` (any word it
 * begins, for inflections and compounds), or several words (consecutive, the last may be a stem).
 */
export type ConceptLexicon = Readonly<Record<string, readonly string[]>>;

interface MultiWord {
  readonly words: readonly string[];
  readonly lastIsStem: boolean;
  readonly tag: string;
}

/** Distinct words whose tags are remembered. */
const WORD_CACHE_SIZE = 50_000;
/** Ages up to this are a child's. */
const CHILD_AGE = 15;
/** Words that turn a number into an age (normalised: `años` → `anos`, `jährige` → `jahrige`). */
const AGE_WORD = /^(?:y|yo|yr|yrs|year|years|ano|anos|an|ans|jahr|jahre|jahrig\w*|anni|anno|enne)$/;
const AGE_TOKEN = /^(\d{1,2})(?:yo|yrs|jahrige?)$/;

export class ConceptIndex {
  private readonly exact = new Map<string, string[]>();
  private readonly stems = new Map<string, string[]>();
  private readonly multi = new Map<string, MultiWord[]>();
  private readonly maxStem: number;
  /** Tags of single words already looked up; bounded, cleared when full. */
  private readonly cache = new Map<string, readonly string[]>();
  /** Concepts that are features only in pairs (too common alone: people, places, making). */
  readonly pairOnly: ReadonlySet<string>;

  /** `normalise` maps an entry to the form texts are compared in (the classifier's normaliser). */
  constructor(
    lexicon: ConceptLexicon,
    normalise: (text: string) => string,
    pairOnly: readonly string[] = [],
  ) {
    this.pairOnly = new Set(pairOnly);
    let maxStem = 0;
    for (const [tag, entries] of Object.entries(lexicon)) {
      for (const entry of entries) {
        const isStem = entry.endsWith("*");
        const words = normalise(isStem ? entry.slice(0, -1) : entry).split(" ");
        if (words.length === 0 || words[0] === "") continue;
        if (words.length > 1) {
          const list = this.multi.get(words[0]!) ?? [];
          list.push({ words, lastIsStem: isStem, tag });
          this.multi.set(words[0]!, list);
          continue;
        }
        const map = isStem ? this.stems : this.exact;
        const tags = map.get(words[0]!) ?? [];
        if (!tags.includes(tag)) tags.push(tag);
        map.set(words[0]!, tags);
        if (isStem) maxStem = Math.max(maxStem, words[0]!.length);
      }
    }
    this.maxStem = maxStem;
  }

  private wordTags(word: string): readonly string[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const tags: string[] = [...(this.exact.get(word) ?? [])];
    for (let n = Math.min(word.length, this.maxStem); n >= 3; n--) {
      for (const t of this.stems.get(word.slice(0, n)) ?? []) if (!tags.includes(t)) tags.push(t);
    }
    if (this.cache.size >= WORD_CACHE_SIZE) this.cache.clear();
    this.cache.set(word, tags);
    return tags;
  }

  /** The concept tags at each word of a normalised window (one array per word; most are empty). */
  tagsOf(words: readonly string[]): string[][] {
    const out: string[][] = words.map(() => []);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const add = (tags: readonly string[] | undefined, at = i) => {
        for (const t of tags ?? []) if (!out[at]!.includes(t)) out[at]!.push(t);
      };
      add(this.wordTags(word));
      for (const m of this.multi.get(word) ?? []) {
        if (i + m.words.length > words.length) continue;
        let ok = true;
        for (let k = 1; k < m.words.length && ok; k++) {
          const w = words[i + k]!;
          const want = m.words[k]!;
          ok = k === m.words.length - 1 && m.lastIsStem ? w.startsWith(want) : w === want;
        }
        if (ok) add([m.tag], i + m.words.length - 1);
      }
      const age = AGE_TOKEN.exec(word);
      const next = words[i + 1];
      if (
        (age !== null && Number(age[1]) <= CHILD_AGE) ||
        (/^\d{1,2}$/.test(word) && Number(word) <= CHILD_AGE && next !== undefined && AGE_WORD.test(next))
      )
        add(["CHILD"]);
    }
    return out;
  }
}
