/**
 * Character folding shared by every word matcher in the gates. Entries and texts go through the same folds, so
 * a term is found whatever case, width, leetspeak or look-alike letters it is written in.
 */

/**
 * Invisible characters people insert to split a word without a visible gap, and the Arabic tatweel (ـ), which
 * only stretches a word.
 */
const INVISIBLE =
  /\u034F|[\u00AD\u061C\u0640\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;

/** NFKC (folds full-width and mathematical letters), invisible characters removed, lower case. */
export function foldCase(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "").toLowerCase();
}

/** Symbols read as letters. Digits are leetspeak only inside a token that also holds a letter. */
const LEET: ReadonlyMap<string, string> = new Map([
  ["0", "o"],
  ["1", "i"],
  ["3", "e"],
  ["4", "a"],
  ["5", "s"],
  ["7", "t"],
  ["8", "b"],
  ["9", "g"],
  ["@", "a"],
  ["$", "s"],
  ["!", "i"],
  ["|", "l"],
  ["+", "t"],
  ["€", "e"],
  ["¡", "i"],
]);

/** The non-alphanumeric symbols in LEET: a token may keep them (`$h!t`), a word splitter would cut there. */
export const LEET_SYMBOLS = "@$!|+€¡";
const HAS_LETTER = /\p{L}/u;
const HAS_LEET = /[0134578@$!|+€¡9]/u;

/**
 * Leetspeak readings of a token: `1` is read both as `i` and as `l`; symbols at the token's edges are also
 * dropped (`wow!` → `wow`). Returns nothing for tokens without a letter (numbers stay numbers, so the digits of
 * a seed such as `2025-11-10` are never read as words).
 */
export function leetVariants(token: string): string[] {
  if (!HAS_LEET.test(token) || !HAS_LETTER.test(token)) return [];
  let asI = "";
  let asL = "";
  for (const ch of token) {
    const mapped = LEET.get(ch);
    asI += mapped ?? ch;
    asL += ch === "1" ? "l" : (mapped ?? ch);
  }
  const out = new Set<string>([asI, asL]);
  // A symbol at an edge may be punctuation (`$7ronzo!`): also read the token without it, on either side.
  for (const trimmed of [
    trimEdgeSymbols(token, true, false),
    trimEdgeSymbols(token, false, true),
    trimEdgeSymbols(token, true, true),
  ]) {
    if (trimmed === token || trimmed.length === 0) continue;
    out.add(trimmed);
    for (const v of leetVariants(trimmed)) out.add(v);
  }
  out.delete(token);
  return [...out];
}

function trimEdgeSymbols(token: string, start: boolean, end: boolean): string {
  let from = 0;
  let to = token.length;
  while (start && from < to && LEET_SYMBOLS.includes(token[from]!)) from++;
  while (end && to > from && LEET_SYMBOLS.includes(token[to - 1]!)) to--;
  return token.slice(from, to);
}

/** Cyrillic, Greek and other letters that look like Latin ones (after lower-casing). */
const TO_LATIN: ReadonlyMap<string, string> = new Map(
  Object.entries({
    а: "a",
    в: "b",
    е: "e",
    ё: "e",
    з: "3",
    к: "k",
    м: "m",
    н: "h",
    о: "o",
    р: "p",
    с: "c",
    т: "t",
    у: "y",
    х: "x",
    ѕ: "s",
    і: "i",
    ї: "i",
    ј: "j",
    һ: "h",
    ԁ: "d",
    ԛ: "q",
    ԝ: "w",
    ү: "y",
    ӏ: "l",
    ь: "b",
    п: "n",
    г: "r",
    α: "a",
    β: "b",
    ε: "e",
    η: "n",
    ι: "i",
    κ: "k",
    ν: "v",
    ο: "o",
    ρ: "p",
    τ: "t",
    υ: "u",
    χ: "x",
    γ: "y",
    ω: "w",
    μ: "u",
    ϲ: "c",
    ϳ: "j",
    ѵ: "v",
    ɑ: "a",
    ɡ: "g",
    ᴄ: "c",
    ᴏ: "o",
    ꜱ: "s",
    ᴜ: "u",
    ᴠ: "v",
    ᴡ: "w",
    ᴢ: "z",
  }),
);

/** Latin letters and digits that look like Cyrillic ones: finds `xуй` written with a Latin x. */
const TO_CYRILLIC: ReadonlyMap<string, string> = new Map(
  Object.entries({
    a: "а",
    b: "ь",
    c: "с",
    e: "е",
    k: "к",
    m: "м",
    o: "о",
    p: "р",
    t: "т",
    x: "х",
    y: "у",
    "3": "з",
    "6": "б",
    "0": "о",
    "4": "ч",
  }),
);

const NON_LATIN_LOOKALIKE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * Look-alike readings of a token that mixes scripts or is spelled in look-alike letters: `ѕһіт` → `shit`
 * (Cyrillic letters that look Latin) and `xуй` → `хуй` (a Latin letter inside a Cyrillic word).
 */
export function confusableVariants(token: string): string[] {
  if (!NON_LATIN_LOOKALIKE_SCRIPT.test(token)) {
    const cyrillic = cyrillicReading(token);
    return cyrillic === undefined ? [] : [cyrillic];
  }
  const out: string[] = [];
  const latin = mapAll(token, TO_LATIN, NON_LATIN_LOOKALIKE_SCRIPT);
  if (latin !== undefined && latin !== token) out.push(latin);
  if (CYRILLIC.test(token) && (LATIN.test(token) || /\d/u.test(token))) {
    const cyrillic = mapAll(token, TO_CYRILLIC, LATIN);
    if (cyrillic !== undefined && cyrillic !== token) out.push(cyrillic);
  }
  return out;
}

const ALL_CYRILLIC_LOOKALIKES = /^[abcekmoptxy]{3,}$/;

/**
 * A Latin word spelled only with letters that look Cyrillic (`cyka`) read as the Cyrillic word (`сука`). Only
 * Cyrillic lists can match the result, and they apply only to readers of those languages.
 */
export function cyrillicReading(token: string): string | undefined {
  if (!ALL_CYRILLIC_LOOKALIKES.test(token)) return undefined;
  return mapAll(token, TO_CYRILLIC, LATIN);
}

/** Maps every character found in `table`; gives up when a character of `mustMap` has no mapping. */
function mapAll(token: string, table: ReadonlyMap<string, string>, mustMap: RegExp): string | undefined {
  let out = "";
  for (const ch of token) {
    const mapped = table.get(ch);
    if (mapped !== undefined) out += mapped;
    else if (mustMap.test(ch)) return undefined;
    else out += ch;
  }
  return out;
}

const STRIPPABLE = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{N}\p{M}]+$/u;
const MARKS = /\p{M}+/gu;

/**
 * The skeleton of a word: diacritics dropped (Latin, Cyrillic, Greek, and Arabic vowel marks; other scripts need
 * their marks)
 * and every run of a repeated letter collapsed to one (`fuuuuck` → `fuck`, `coño` → `cono`). Skeletons are
 * compared only when a text token differs from its own skeleton, so `cono` (a cone) never matches `coño`.
 */
export function skeleton(word: string): string {
  const base = STRIPPABLE.test(word) ? word.normalize("NFD").replace(MARKS, "").normalize("NFC") : word;
  return collapseRuns(base, 1);
}

/** Runs of one character longer than `max` are cut to `max`. */
export function collapseRuns(word: string, max: 1 | 2): string {
  return max === 1 ? word.replace(/(.)\1+/gu, "$1") : word.replace(/(.)\1{2,}/gu, "$1$1");
}

/** Scripts written without spaces between words: their terms are found inside longer runs of text. */
export const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** The key a term is compared under everywhere (lexicon hits, allow-lists): folded, single-spaced. */
export function normaliseTerm(term: string): string {
  return foldCase(term).trim().replace(/\s+/gu, " ");
}

/**
 * Turkish dotless ı is lost in capitals (`AMINA` lower-cases to `amina`), so a term holding ı is also indexed
 * with every mix of ı and i. Short terms are left alone: their dotted forms are other words (`amı` → `ami`).
 */
export function dottedIVariants(term: string): string[] {
  const positions = [...term].flatMap((c, i) => (c === "ı" ? [i] : []));
  if (positions.length === 0 || positions.length > 4 || [...term.replace(/\s+/g, "")].length <= 3) return [];
  const letters = [...term];
  const out: string[] = [];
  for (let mask = 1; mask < 1 << positions.length; mask++) {
    const variant = [...letters];
    positions.forEach((position, bit) => {
      if (mask & (1 << bit)) variant[position] = "i";
    });
    out.push(variant.join(""));
  }
  return out;
}
