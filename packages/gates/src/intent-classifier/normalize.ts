/**
 * The classifier's own text normalisation. It is part of the model: the shipped weights were learnt on text
 * normalised exactly this way, so it is versioned with the model (`NORMALIZER_ID` is recorded in the model file
 * and checked at load) rather than shared with the word-list folding, whose changes would silently shift the
 * model's inputs.
 */
export const NORMALIZER_ID = "intent-normalize/2";

/** Invisible characters inserted to split a word without a visible gap, and the Arabic tatweel. */
const INVISIBLE =
  /\u034F|[\u00AD\u061C\u0640\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;
const MARKS = /\p{M}+/gu;
/** Symbols and digits read as letters when they stand inside a word that also has letters (`k1ll`, `$uicide`). */
const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
  "€": "e",
};
const LEET_TOKEN = /[\p{L}0-9@$!€]+/gu;
const HAS_LETTER = /\p{L}/u;
const LEET_CHAR = /[013457@$!€]/gu;
const TRAILING_BANG = /!+(?!\p{L})/gu;
/** Everything that is neither a letter nor a digit separates words. */
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
/** Three or more single letters in a row were one word spelled out (`k i l l`, `k.i.l.l`). */
const SPELLED_OUT = /(?:^| )((?:\p{L} ){2,}\p{L})(?= |$)/gu;

/**
 * NFKC, lower case, invisible characters and diacritics removed (`matarás` = `mataras`, `ß` → `ss`), leetspeak
 * inside words read as letters, letters spelled out with separators joined, runs of 3+ equal letters cut to 2,
 * everything else a single space. The result is lower-case ASCII-ish text with single spaces and no edges.
 */
export function normalizeIntent(text: string): string {
  let out = text.normalize("NFKC").replace(INVISIBLE, "").toLowerCase().replace(/ß/g, "ss");
  out = out.normalize("NFD").replace(MARKS, "").normalize("NFC");
  out = out.replace(LEET_TOKEN, (token) =>
    // `!` is a letter only before another letter (`k!ll`); at a word's end it is punctuation (`help me!!`).
    HAS_LETTER.test(token) ? token.replace(TRAILING_BANG, "").replace(LEET_CHAR, (c) => LEET[c] ?? c) : token,
  );
  out = out.replace(SEPARATORS, " ").trim();
  out = out.replace(SPELLED_OUT, (_whole, letters: string) => ` ${letters.replace(/ /g, "")}`).trim();
  return out.replace(/(\p{L})\1{2,}/gu, "$1$1");
}
