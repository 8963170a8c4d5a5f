import { phoneticKey, stripAccents } from "./spelling.ts";
import { STEMMERS } from "./stemmers.ts";

/** A single-word list entry the loose matcher knows. */
export interface LooseEntry {
  /** Case-folded, as listed. */
  readonly term: string;
  readonly language: string;
  /**
   * An ordinary word in another language's dictionary (`bite` is English, `con` Spanish): it applies only to
   * readers who declared its language.
   */
  readonly scoped: boolean;
}

/** An entry's spelling keys: accents stripped, sound key, stem (null without a stemmer for its language). */
export type LooseKeys = readonly [bare: string, sound: string, stem: string | null];

/** The keys LooseIndex files `entry` under; null for entries that are not all letters (never loose-matched). */
export function looseKeys(entry: LooseEntry): LooseKeys | null {
  if (!LETTERS.test(entry.term)) return null;
  const bare = stripAccents(entry.term);
  return [bare, phoneticKey(bare), STEMMERS.get(entry.language)?.(bare) ?? null];
}

/** How a word reached an entry that is not spelled exactly like it. */
export type LooseRoute = "accent" | "sound" | "stem" | "compound";

export interface LooseHit {
  readonly entry: LooseEntry;
  readonly route: LooseRoute;
}

/** Shorter keys collide with ordinary words in some language (`ass` → `as`, `cul` inside `calcul`). */
const MIN_KEY = 4;
const MIN_STEM = 3;
/** A compound part: a listed word this long at the start or the end of a longer word (`fuckwit`, `bullshit`). */
const MIN_PART = 4;
const LETTERS = /^[\p{L}\p{M}]+$/u;

/**
 * The morphology and spelling side of word matching, over single-word list entries: a word matches an entry
 * spelled without its accents (`cabron`), written as it sounds (`phuck`), inflected (`bitches`, `culos`,
 * `merdes`: the entry language's Snowball stemmer gives both the same stem) or compounded (`fuckwit`,
 * `scheißkerl`). Each route is a few hash look-ups per word: stems are found by looking up the word's prefixes
 * and only then confirmed with the stemmer, so a text is never run through every language's stemmer.
 *
 * Loose routes also reach ordinary words (`análisis` starts with `anal`, `pollo` stems like `polla`): callers
 * waive words found in a dictionary (see data/dictionary-allow.v2.json, built from the same index).
 */
export class LooseIndex {
  private readonly byAccentless = new Map<string, LooseEntry[]>();
  private readonly bySound = new Map<string, LooseEntry[]>();
  private readonly byStem = new Map<string, LooseEntry[]>();
  private readonly byPart = new Map<string, LooseEntry[]>();
  private readonly stemLengths: number[];
  private readonly partLengths: number[];

  /**
   * @param keys each entry's spelling keys, in order (precompiled in data/lexicons.compiled.v1.json: stemming
   * every entry is most of this constructor's cost) @default computed with looseKeys
   */
  constructor(entries: Iterable<LooseEntry>, keys?: readonly (LooseKeys | null)[]) {
    const stemLengths = new Set<number>();
    const partLengths = new Set<number>();
    const list = [...entries];
    const allKeys = keys ?? list.map(looseKeys);
    if (allKeys.length !== list.length) throw new Error("LooseIndex: one key set per entry expected");
    list.forEach((entry, i) => {
      const entryKeys = allKeys[i];
      if (!entryKeys) return;
      const [bare, sound, stem] = entryKeys;
      if (bare.length >= MIN_KEY) add(this.byAccentless, bare, entry);
      if (sound.length >= MIN_KEY) add(this.bySound, sound, entry);
      if (stem !== null && stem.length >= MIN_STEM) {
        add(this.byStem, stem, entry);
        stemLengths.add(stem.length);
      }
      if (bare.length >= MIN_PART && !entry.scoped) {
        add(this.byPart, bare, entry);
        partLengths.add(bare.length);
      }
    });
    this.stemLengths = [...stemLengths].sort((a, b) => a - b);
    this.partLengths = [...partLengths].sort((a, b) => a - b);
  }

  /**
   * The first entry `word` (case-folded, one word, accents stripped: see stripAccents) reaches by a loose route
   * that `accept` takes.
   */
  find(bare: string, accept: (entry: LooseEntry) => boolean): LooseHit | undefined {
    for (const hit of this.reach(bare)) if (accept(hit.entry)) return hit;
    return undefined;
  }

  /** Every entry `bare` reaches, by route in order (accent, sound, stem, compound); memoised. */
  private reach(bare: string): readonly LooseHit[] {
    const known = this.memo.get(bare);
    if (known !== undefined) return known;
    const hits = bare.length > MIN_STEM && LETTERS.test(bare) ? this.search(bare) : NONE;
    // Bounded: verdicts are pure, and ordinary words recur in every request.
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(bare, hits);
    return hits;
  }

  private readonly memo = new Map<string, readonly LooseHit[]>();

  private search(bare: string): LooseHit[] {
    const out: LooseHit[] = [];
    const collect = (entries: readonly LooseEntry[] | undefined, route: LooseRoute) => {
      if (entries !== undefined) for (const entry of entries) out.push({ entry, route });
    };
    collect(this.byAccentless.get(bare), "accent");
    collect(this.bySound.get(SOUND_CHANGES.test(bare) ? phoneticKey(bare) : bare), "sound");
    for (const length of this.stemLengths) {
      if (length > bare.length) break;
      const stem = bare.slice(0, length);
      for (const entry of this.byStem.get(stem) ?? NO_ENTRIES) {
        if (STEMMERS.get(entry.language)?.(bare) === stem) out.push({ entry, route: "stem" });
      }
    }
    for (const length of this.partLengths) {
      if (length >= bare.length) break;
      collect(this.byPart.get(bare.slice(0, length)), "compound");
      collect(this.byPart.get(bare.slice(bare.length - length)), "compound");
    }
    return out;
  }
}

const NONE: readonly LooseHit[] = [];
const NO_ENTRIES: readonly LooseEntry[] = [];
/** Words without these letters or a doubled letter are their own sound key. */
const SOUND_CHANGES = /[cqxz]|ph|kh|(.)\1/;
/** Memoised words kept before the memo starts over. */
const MEMO_LIMIT = 50_000;

function add(index: Map<string, LooseEntry[]>, key: string, entry: LooseEntry): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [entry]);
  else list.push(entry);
}
