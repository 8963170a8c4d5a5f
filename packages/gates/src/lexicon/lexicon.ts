import { dottedIVariants, normaliseTerm, skeleton, UNSPACED_SCRIPT } from "../text/fold.ts";
import type { PreparedText, TokenForms } from "../text/prepare.ts";

/**
 * A term to find. Grammar: words separated by spaces; a word ending in `*` matches any word it begins
 * (`suicid*` finds `suicide`, `suicidal`, `suicidio`). Punctuation inside a term separates words, as in texts.
 */
export interface LexiconTerm<M> {
  term: string;
  meta: M;
}

/** A term found in a text. */
export interface LexiconHit<M> {
  /** The term as folded at compile time (lower case, NFKC), e.g. `bite` or `kill yourself`. */
  readonly term: string;
  readonly meta: M;
}

export interface CompiledWord {
  readonly exact: string;
  readonly skeleton: string;
  readonly prefix: boolean;
  /** Whether a prefix may also be compared on skeletons (long stems only). */
  readonly skeletonPrefix: boolean;
}

export interface CompiledEntry<M> {
  readonly term: string;
  readonly words: readonly CompiledWord[];
  readonly meta: M;
}

type Index<M> = Map<string, CompiledEntry<M>[]>;

/**
 * One step of a compiled lexicon: an entry indexed by its first word, or searched as a substring of unspaced
 * runs or of the folded text. Replaying the steps in order rebuilds the same indexes (same scan order) without
 * folding a term again: see lexicon-file.ts, which stores them precompiled.
 */
export type LexiconStep<M> =
  | { readonly kind: "index"; readonly entry: CompiledEntry<M> }
  | { readonly kind: "substring" | "symbol"; readonly needle: string; readonly entry: CompiledEntry<M> };

/** Everything a lexicon was compiled into, in compile order. */
export interface LexiconSnapshot<M> {
  /** Terms compiled (variants not counted). */
  readonly size: number;
  readonly steps: readonly LexiconStep<M>[];
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const BASE_LETTER = /\p{L}|\p{N}/gu;
const HAN_OR_HANGUL_ONLY = /^[\p{Script=Han}\p{Script=Hangul}]+$/u;
/** Prefix terms need a stem this long, so `a*` cannot match every word. */
const MIN_PREFIX_STEM = 3;
/**
 * Skeletons (no diacritics, no doubled letters) of short stems collide with unrelated words (`pédé*` would find
 * `pédestre`), so a prefix is compared on skeletons only from this length.
 */
const MIN_SKELETON_PREFIX_STEM = 5;
/** A multi-word term is also indexed as one word only from this length (`s&m` as `sm` would match initials). */
const MIN_JOINED_LENGTH = 4;

/**
 * Terms compiled once into hash indexes: matching a text costs a few map look-ups per token, whatever the
 * number of terms. Matching is token-wise (whole words, so `Scunthorpe` and `computadora` never match) over every
 * view of a prepared text; terms in unspaced scripts (Chinese, Japanese, Korean, Thai) are also searched inside
 * runs of text when they are long enough to be unambiguous.
 */
export class Lexicon<M> {
  private compiledTerms = 0;
  private readonly steps: LexiconStep<M>[] = [];
  private readonly exactFirst: Index<M> = new Map();
  private readonly skeletonFirst: Index<M> = new Map();
  private readonly prefixExact = new Map<number, Index<M>>();
  private readonly prefixSkeleton = new Map<number, Index<M>>();
  private readonly substrings: { needle: string; entry: CompiledEntry<M> }[] = [];
  private readonly symbols: { needle: string; entry: CompiledEntry<M> }[] = [];

  constructor(terms: Iterable<LexiconTerm<M>>) {
    for (const { term, meta } of terms) {
      if (this.add(term, meta)) this.compiledTerms++;
      const normalised = normaliseTerm(term);
      for (const variant of dottedIVariants(normalised)) this.add(variant, meta, normalised);
    }
  }

  /** A lexicon rebuilt from a snapshot: the same indexes in the same order, without compiling a term. */
  static restore<M>(snapshot: LexiconSnapshot<M>): Lexicon<M> {
    const lexicon = new Lexicon<M>([]);
    for (const step of snapshot.steps) lexicon.apply(step);
    lexicon.compiledTerms = snapshot.size;
    return lexicon;
  }

  /** Terms compiled (variants not counted). */
  get size(): number {
    return this.compiledTerms;
  }

  /** What this lexicon was compiled into, for lexicon-file.ts to store. */
  snapshot(): LexiconSnapshot<M> {
    return { size: this.compiledTerms, steps: this.steps };
  }

  /**
   * Calls `visit` for every term found in `text`, until it returns true. `unspacedMask` lists benign phrases
   * blanked out of unspaced runs before the substring search (`处女座`, Virgo, hides `处女`).
   */
  scan(
    text: PreparedText,
    visit: (hit: LexiconHit<M>) => boolean,
    unspacedMask: readonly string[] = [],
  ): boolean {
    for (const view of text.views) {
      for (let i = 0; i < view.length; i++) {
        if (this.scanAt(view, i, visit)) return true;
      }
    }
    if (text.unspaced !== undefined && this.substrings.length > 0) {
      let haystack = text.unspaced;
      for (const phrase of unspacedMask) {
        if (haystack.includes(phrase)) haystack = haystack.replaceAll(phrase, "\u0000");
      }
      for (const { needle, entry } of this.substrings) {
        if (haystack.includes(needle) && visit(entry)) return true;
      }
    }
    for (const { needle, entry } of this.symbols) {
      if (text.folded.includes(needle) && visit(entry)) return true;
    }
    return false;
  }

  /** Every distinct term found, in scan order. */
  findAll(text: PreparedText, accept: (hit: LexiconHit<M>) => boolean = () => true): LexiconHit<M>[] {
    // A multi-word term is compiled twice (as words and joined), so distinct hits are (term, meta) pairs.
    const found: LexiconHit<M>[] = [];
    this.scan(text, (hit) => {
      if (!found.some((f) => f.term === hit.term && f.meta === hit.meta) && accept(hit)) found.push(hit);
      return false;
    });
    return found;
  }

  private scanAt(view: readonly TokenForms[], i: number, visit: (hit: LexiconHit<M>) => boolean): boolean {
    const token = view[i]!;
    const tryAll = (entries: CompiledEntry<M>[] | undefined): boolean => {
      if (entries === undefined) return false;
      for (const entry of entries) {
        if (this.restMatches(entry, view, i) && visit(entry)) return true;
      }
      return false;
    };
    for (const form of token.exact) {
      if (tryAll(this.exactFirst.get(form))) return true;
      for (const [length, index] of this.prefixExact) {
        if (form.length >= length && tryAll(index.get(form.slice(0, length)))) return true;
      }
    }
    for (const form of token.skeleton) {
      if (tryAll(this.skeletonFirst.get(form))) return true;
      for (const [length, index] of this.prefixSkeleton) {
        if (form.length >= length && tryAll(index.get(form.slice(0, length)))) return true;
      }
    }
    return false;
  }

  private restMatches(entry: CompiledEntry<M>, view: readonly TokenForms[], start: number): boolean {
    for (let k = 1; k < entry.words.length; k++) {
      const token = view[start + k];
      if (token === undefined || !wordMatches(entry.words[k]!, token)) return false;
    }
    return true;
  }

  /** Compiles `rawTerm`; `reported` is the term hits name (a variant reports its original). */
  private add(rawTerm: string, meta: M, reported?: string): boolean {
    const term = reported ?? normaliseTerm(rawTerm);
    const pattern = normaliseTerm(rawTerm);
    if (pattern.length === 0) return false;
    const words: CompiledWord[] = [];
    for (const patternWord of pattern.split(" ")) {
      const prefix = patternWord.endsWith("*");
      const pieces = (prefix ? patternWord.slice(0, -1) : patternWord).match(WORD) ?? [];
      pieces.forEach((piece, index) => {
        const isPrefix = prefix && index === pieces.length - 1 && piece.length >= MIN_PREFIX_STEM;
        const skel = skeleton(piece);
        words.push({
          exact: piece,
          skeleton: skel,
          prefix: isPrefix,
          skeletonPrefix: skel.length >= MIN_SKELETON_PREFIX_STEM,
        });
      });
    }
    if (words.length === 0) {
      // Emoji and other symbol-only terms (🖕) are searched as substrings of the folded text.
      this.apply({ kind: "symbol", needle: pattern, entry: { term, words, meta } });
      return true;
    }
    const entry: CompiledEntry<M> = { term, words, meta };
    if (UNSPACED_SCRIPT.test(pattern) && isLongEnoughForSubstring(words)) {
      this.apply({ kind: "substring", needle: words.map((w) => w.exact).join(""), entry });
      return true;
    }
    this.apply({ kind: "index", entry });
    const joined = words.map((w) => w.exact).join("");
    if (words.length > 1 && [...joined].length >= MIN_JOINED_LENGTH) {
      // The same term written as one word (`self-harm` → `selfharm`; spelled-out letters are joined in texts).
      const last = words[words.length - 1]!;
      const skel = skeleton(joined);
      this.apply({
        kind: "index",
        entry: {
          term,
          meta,
          words: [
            {
              exact: joined,
              skeleton: skel,
              prefix: last.prefix,
              skeletonPrefix: skel.length >= MIN_SKELETON_PREFIX_STEM,
            },
          ],
        },
      });
    }
    return true;
  }

  private apply(step: LexiconStep<M>): void {
    this.steps.push(step);
    if (step.kind === "index") this.index(step.entry);
    else if (step.kind === "substring") this.substrings.push({ needle: step.needle, entry: step.entry });
    else this.symbols.push({ needle: step.needle, entry: step.entry });
  }

  private index(entry: CompiledEntry<M>): void {
    const first = entry.words[0]!;
    if (first.prefix) {
      push(indexFor(this.prefixExact, first.exact.length), first.exact, entry);
      if (first.skeletonPrefix)
        push(indexFor(this.prefixSkeleton, first.skeleton.length), first.skeleton, entry);
    } else {
      push(this.exactFirst, first.exact, entry);
      push(this.skeletonFirst, first.skeleton, entry);
    }
  }
}

function wordMatches(word: CompiledWord, token: TokenForms): boolean {
  if (word.prefix) {
    return (
      token.exact.some((f) => f.startsWith(word.exact)) ||
      (word.skeletonPrefix && token.skeleton.some((f) => f.startsWith(word.skeleton)))
    );
  }
  return token.exact.includes(word.exact) || token.skeleton.includes(word.skeleton);
}

/**
 * Unspaced-script terms are searched inside longer runs only when unambiguous: two or more Han or Hangul
 * characters, or three or more letters of another script. Shorter ones (`乳`, `なめ`, `กู`) must be a whole run.
 */
function isLongEnoughForSubstring(words: readonly CompiledWord[]): boolean {
  const text = words.map((w) => w.exact).join("");
  const letters = text.match(BASE_LETTER)?.length ?? 0;
  return HAN_OR_HANGUL_ONLY.test(text) ? letters >= 2 : letters >= 3;
}

function indexFor<M>(byLength: Map<number, Index<M>>, length: number): Index<M> {
  let index = byLength.get(length);
  if (index === undefined) {
    index = new Map();
    byLength.set(length, index);
  }
  return index;
}

/** Every step indexes a new entry object once per index, so a list never holds it twice. */
function push<M>(index: Index<M>, key: string, entry: CompiledEntry<M>): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [entry]);
  else list.push(entry);
}
