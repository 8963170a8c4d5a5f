import { createHash } from "node:crypto";
import type { LooseKeys } from "../words/loose-index.ts";
import { type CompiledWord, Lexicon, type LexiconStep, type LexiconTerm } from "./lexicon.ts";

/**
 * Bumped whenever compiling a term changes (folds, skeletons, indexing rules): a file written by another compiler
 * then no longer matches any key and the lexicon is compiled at start-up instead.
 */
export const LEXICON_COMPILER = "qrg-lexicon/1";

/**
 * A lexicon the gates would compile at start-up, described by what decides its content: `source` (the data and
 * settings the terms come from; its digest is the key) and `terms` (computed only when no precompiled file fits).
 */
export interface LexiconRecipe<M> {
  /** For people reading the file: `harmful-intent`, `offensive-words`. */
  readonly name: string;
  readonly source: unknown;
  readonly terms: () => Iterable<LexiconTerm<M>>;
}

/**
 * One precompiled lexicon (JSON). Strings are interned in `strings` and words (shared by every entry using them)
 * in `words`, as triples: exact, skeleton (-1: same as exact), flags (1 prefix, 2 skeleton prefix). `steps` is
 * base64 of little-endian uint32s, per step: kind (0 index, 1 substring, 2 symbol), term, meta, needle + 1 (0:
 * none), word count, word ids. Numbers as typed arrays, not JSON arrays: parsing is most of the start-up saved.
 */
export interface LexiconFile {
  readonly name: string;
  /** `sha256:` of the compiler id and the recipe's source. */
  readonly key: string;
  readonly size: number;
  readonly metas: readonly unknown[];
  readonly strings: readonly string[];
  readonly words: readonly number[];
  readonly steps: string;
}

/** The file the build writes (data/lexicons.compiled.v1.json): one entry per lexicon of the shipped data. */
export interface LexiconBundle {
  readonly compiler: string;
  readonly description: string;
  readonly lexicons: readonly LexiconFile[];
  /** Spelling keys of LooseIndex entries (see looseKeys), filed under the digest of their source. */
  readonly looseKeys: readonly LooseKeysFile[];
}

export interface LooseKeysFile {
  readonly name: string;
  readonly key: string;
  readonly keys: readonly (LooseKeys | null)[];
}

/** What a data directory has precompiled, by key. */
export interface Precompiled {
  readonly lexicons: ReadonlyMap<string, LexiconFile>;
  readonly looseKeys: ReadonlyMap<string, LooseKeysFile>;
}

const KINDS = ["index", "substring", "symbol"] as const;

/** `sha256:` of the compiler id and `source`: what a precompiled part is filed under. */
export function sourceKey(source: unknown): string {
  const hash = createHash("sha256").update(LEXICON_COMPILER).update("\n");
  hash.update(JSON.stringify(source));
  return `sha256:${hash.digest("hex")}`;
}

export function recipeKey(recipe: LexiconRecipe<unknown>): string {
  return sourceKey(recipe.source);
}

/**
 * The recipe's lexicon: restored from `precompiled` when a file there has the recipe's key (no term is folded
 * again), else compiled now. Both give the same indexes in the same order.
 */
export function lexiconFor<M>(recipe: LexiconRecipe<M>, precompiled: Precompiled | undefined): Lexicon<M> {
  const file = precompiled?.lexicons.get(recipeKey(recipe));
  return file === undefined ? new Lexicon(recipe.terms()) : decodeLexicon<M>(file);
}

/** Compiles a recipe and encodes the result (the build script and the test that checks the shipped file). */
export function encodeLexicon<M>(recipe: LexiconRecipe<M>): LexiconFile {
  const snapshot = new Lexicon(recipe.terms()).snapshot();
  const strings = new Interner<string>((value) => value);
  const metas = new Interner<unknown>((value) => JSON.stringify(value));
  const words = new Interner<CompiledWord>((w) => JSON.stringify(w));
  const steps: number[] = [];
  for (const step of snapshot.steps) {
    const needle = step.kind === "index" ? 0 : strings.id(step.needle) + 1;
    steps.push(KINDS.indexOf(step.kind), strings.id(step.entry.term), metas.id(step.entry.meta), needle);
    steps.push(step.entry.words.length, ...step.entry.words.map((word) => words.id(word)));
  }
  const wordTriples = words.values.flatMap((word) => [
    strings.id(word.exact),
    word.skeleton === word.exact ? -1 : strings.id(word.skeleton),
    (word.prefix ? 1 : 0) | (word.skeletonPrefix ? 2 : 0),
  ]);
  return {
    name: recipe.name,
    key: recipeKey(recipe),
    size: snapshot.size,
    metas: metas.values,
    strings: strings.values,
    words: wordTriples,
    steps: Buffer.from(new Uint32Array(steps).buffer).toString("base64"),
  };
}

/**
 * Rebuilds a lexicon from its file. Metas and words with the same content become one object each (both are
 * immutable; hits are told apart by term and meta, and compiled lexicons intern metas too).
 */
export function decodeLexicon<M>(file: LexiconFile): Lexicon<M> {
  const { strings } = file;
  const metas = file.metas as M[];
  const words: CompiledWord[] = [];
  for (let i = 0; i < file.words.length; i += 3) {
    const exact = strings[file.words[i]!]!;
    const skeleton = file.words[i + 1]! < 0 ? exact : strings[file.words[i + 1]!]!;
    const flags = file.words[i + 2]!;
    words.push({ exact, skeleton, prefix: (flags & 1) !== 0, skeletonPrefix: (flags & 2) !== 0 });
  }
  const bytes = Buffer.from(file.steps, "base64");
  const data = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const steps: LexiconStep<M>[] = [];
  for (let i = 0; i < data.length; ) {
    const kind = KINDS[data[i]!];
    const term = strings[data[i + 1]!]!;
    const meta = metas[data[i + 2]!]!;
    const needle = data[i + 3]!;
    const count = data[i + 4]!;
    const entryWords: CompiledWord[] = new Array(count);
    for (let k = 0; k < count; k++) entryWords[k] = words[data[i + 5 + k]!]!;
    i += 5 + count;
    const entry = { term, meta, words: entryWords };
    if (kind === "index") steps.push({ kind, entry });
    else if (kind !== undefined) steps.push({ kind, needle: strings[needle - 1]!, entry });
    else throw new Error(`lexicon file ${file.name}: unknown step kind`);
  }
  return Lexicon.restore({ size: file.size, steps });
}

/** Values numbered in order of first use, equal ones (by `key`) sharing a number. */
class Interner<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<string, number>();
  private readonly key: (value: T) => string;
  constructor(key: (value: T) => string) {
    this.key = key;
  }
  id(value: T): number {
    const key = this.key(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return id;
  }
}
