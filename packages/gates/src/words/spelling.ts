/**
 * Spelling keys for the loose word matcher: a word's letters without diacritics, and a coarse phonetic key that
 * merges the respellings people use to dodge a list (`phuck`, `kunt`, `sheit`→ no, only letter-for-sound swaps).
 * Both take a case-folded word (see foldCase) and are pure.
 */

/** Letters NFD does not decompose but readers treat as a base letter plus a mark. */
const LIGATURES: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
};
const LIGATURE = /[ßæœøłđðþıħ]/gu;
const MARKS = /\p{M}+/gu;
/** Scripts whose marks are diacritics; other scripts (Devanagari, Thai…) need their marks to spell a word. */
const STRIPPABLE = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}\p{N}]+$/u;

/** `análisis` → `analisis`, `scheiße` → `scheisse`, `ёбаный` → `ебаный`. Other scripts are returned unchanged. */
export function stripAccents(word: string): string {
  if (!STRIPPABLE.test(word)) return word;
  const base = word.normalize("NFD").replace(MARKS, "").normalize("NFC");
  return base.replace(LIGATURE, (c) => LIGATURES[c] ?? c);
}

/**
 * Sound-alike respellings folded to one spelling, for Latin-script words only: `sch`→`sh`, `ph`→`f`,
 * `ck`/`q`/hard `c`→`k`, `kh`→`k`, `x`→`ks`, `z`→`s`, then every doubled letter collapsed. `phuck`, `fuk` and
 * `fuq` all reach `fuk`; `sheisse` reaches `scheisse`. `w`→`v` is left out: it changes ordinary English words.
 */
export function phoneticKey(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  // Collapsing doubles can form a new pair (`scch` → `sch`): repeat until nothing changes.
  let key = word;
  for (let pass = 0; pass < 4; pass++) {
    const next = soundPass(key);
    if (next === key) break;
    key = next;
  }
  return key;
}

function soundPass(word: string): string {
  return word
    .replace(/sch/g, "sh")
    .replace(/ph/g, "f")
    .replace(/x/g, "ks")
    .replace(/qu?/g, "k")
    .replace(/c(?=[aoukrlt]|$)/g, "k")
    .replace(/ck/g, "k")
    .replace(/kh/g, "k")
    .replace(/z/g, "s")
    .replace(/(.)\1+/g, "$1");
}
