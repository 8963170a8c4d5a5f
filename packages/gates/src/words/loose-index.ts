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

  constructor(entries: Iterable<LooseEntry>) {
    const stemLengths = new Set<number>();
    const partLengths = new Set<number>();
    for (const entry of entries) {
      if (!LETTERS.test(entry.term)) continue;
      const bare = stripAccents(entry.term);
      if (bare.length >= MIN_KEY) add(this.byAccentless, bare, entry);
      const sound = phoneticKey(bare);
      if (sound.length >= MIN_KEY) add(this.bySound, sound, entry);
      const stem = STEMMERS.get(entry.language)?.(bare);
      if (stem !== undefined && stem.length >= MIN_STEM) {
        add(this.byStem, stem, entry);
        stemLengths.add(stem.length);
      }
      if (bare.length >= MIN_PART && !entry.scoped) {
        add(this.byPart, bare, entry);
        partLengths.add(bare.length);
      }
    }
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
