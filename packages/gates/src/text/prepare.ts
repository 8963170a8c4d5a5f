import {
  collapseRuns,
  confusableVariants,
  cyrillicReading,
  foldCase,
  LEET_SYMBOLS,
  leetVariants,
  skeleton,
  UNSPACED_SCRIPT,
} from "./fold.ts";

/** The readings of one token: exact forms, and skeletons (only those that differ from an exact form). */
export interface TokenForms {
  readonly exact: readonly string[];
  readonly skeleton: readonly string[];
}

/**
 * A text folded and tokenised once, then matched against any number of lexicons. `views` are alternative
 * token sequences of the same text:
 * - words split at every non-alphanumeric character (`sh1t` stays one token and is also read as `shit`);
 * - words split only at characters that are not leetspeak symbols (`$h!t`, `@ss`), when the text has any;
 * - whitespace-separated chunks with their inner separators removed (`s.h.i.t`, `sh-it`);
 * - runs of three or more single-character tokens joined (`s h i t`, `f u c k`);
 * - words with letters masked by asterisks, each asterisk read as any vowel (`f*ck`, `p*ta`).
 */
export interface PreparedText {
  readonly folded: string;
  readonly views: readonly (readonly TokenForms[])[];
  /** Letters and digits of the text without any separator, when it holds an unspaced script (CJK, Thai). */
  readonly unspaced: string | undefined;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const LEET_WORD = new RegExp(`[\\p{L}\\p{N}\\p{M}${escapeClass(LEET_SYMBOLS)}]+`, "gu");
const HAS_LEET_SYMBOL = new RegExp(`[${escapeClass(LEET_SYMBOLS)}]`, "u");
const INNER_SEPARATOR = new RegExp(`[^\\p{L}\\p{N}\\p{M}${escapeClass(LEET_SYMBOLS)}]`, "gu");
const SIMPLE_WORD = /^[a-z]+$/;
const STRETCHED = /(.)\1\1/u;
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/gu;

function escapeClass(chars: string): string {
  return chars
    .replace(/[\\\]^-]/g, "\\$&")
    .replace(/\|/g, "\\|")
    .replace(/\$/g, "\\$");
}

/** The readings of one (already case-folded) token. */
export function tokenForms(token: string): TokenForms {
  if (SIMPLE_WORD.test(token) && !STRETCHED.test(token) && cyrillicReading(token) === undefined) {
    return { exact: [token], skeleton: [] };
  }
  const exact = new Set<string>([token]);
  const add = (form: string) => {
    exact.add(form);
    const capped = collapseRuns(form, 2);
    if (capped !== form) exact.add(capped);
  };
  add(token);
  for (const variant of confusableVariants(token)) {
    add(variant);
    for (const leet of leetVariants(variant)) add(leet);
  }
  for (const leet of leetVariants(token)) add(leet);
  // Skeletons only for tokens that show an evasion: a letter stretched three times or more, or diacritics.
  // A plain double letter is ordinary spelling (`sikke`, a coin, is not `sike`).
  const skeletons = new Set<string>();
  for (const form of exact) {
    if (!STRETCHED.test(form) && form.normalize("NFD") === form) continue;
    const skel = skeleton(form);
    if (skel !== form && !exact.has(skel)) skeletons.add(skel);
  }
  return { exact: [...exact], skeleton: [...skeletons] };
}

/**
 * Machine-made strings (a seed such as `quantum-seed-2025-11-10-xyz` or a base64 blob): no whitespace, at least
 * 16 printable ASCII characters of the kinds encoders emit, and a digit. Their letters and digits are random, so
 * reading digits as leetspeak or fragments as spelled words would find words that nobody wrote.
 */
export function looksEncoded(text: string): boolean {
  return text.length >= 16 && ENCODED.test(text) && /\d/.test(text);
}

const ENCODED = /^[A-Za-z0-9+/=_\-.:~]+$/;

/**
 * A piece between the separators people type (`-`, `_`, `.`): word-sized, letters and digits (at least one
 * digit, at least two letters). Base64 runs (with `/` or `+`) and long random pieces are never read as leetspeak.
 */
function isWordSizedPiece(piece: string): boolean {
  // Only pieces that mix letters and digits are leetspeak candidates; an all-letter piece is matched as
  // written by the literal view (`xxxxxxxx` must not collapse into a listed word).
  return /^[a-z0-9]{4,12}$/.test(piece) && /\d/.test(piece) && piece.replace(/[^a-z]/g, "").length >= 2;
}

/** Folds and tokenises a text into every view the matchers look at. */
export function prepareText(text: string): PreparedText {
  const folded = foldCase(text);
  const words = folded.match(WORD) ?? [];
  if (looksEncoded(text)) {
    // No joined or spelled-out views: random characters would spell words nobody wrote. Short pieces between
    // separators (`seed-f4gg0t-2025`) are still read as leetspeak — a word someone chose to put in a seed.
    const literal = words.map((w) => ({ exact: [w], skeleton: [] }));
    const pieces = folded.split(/[-_.:~]/).filter(isWordSizedPiece);
    return {
      folded,
      views: pieces.length ? [literal, pieces.map(tokenForms)] : [literal],
      unspaced: undefined,
    };
  }
  const views: TokenForms[][] = [words.map(tokenForms)];

  let singlesSource = words;
  if (HAS_LEET_SYMBOL.test(folded)) {
    const leetWords = folded.match(LEET_WORD) ?? [];
    if (leetWords.length !== words.length || leetWords.some((w, i) => w !== words[i])) {
      views.push(leetWords.map(tokenForms));
      singlesSource = leetWords;
    }
  }

  const joinedChunks: TokenForms[] = [];
  for (const chunk of folded.split(/\s+/u)) {
    const joined = chunk.replace(INNER_SEPARATOR, "");
    if (joined.length > 1 && joined !== chunk && (chunk.match(WORD)?.length ?? 0) > 1) {
      joinedChunks.push(tokenForms(joined));
    }
  }
  if (joinedChunks.length > 0) views.push(joinedChunks);

  const { sequence, runs } = joinSingleCharacterRuns(singlesSource);
  if (runs.length > 0) {
    // In place, so spelled words join phrases (`k.i.l.l yourself`), and every word a run may spell, alone.
    views.push(sequence.map(tokenForms));
    views.push(runs.flatMap(spelledWords).map(tokenForms));
  }

  const masked = maskedWords(folded);
  if (masked.length > 0) views.push(masked);

  const unspaced = UNSPACED_SCRIPT.test(folded) ? folded.replace(SEPARATORS, "") : undefined;
  return { folded, views, unspaced };
}

/** Runs longer than this are read whole only (a wall of single letters is not a spelled word). */
const MAX_SPELLED_RUN = 24;

/**
 * Every word a run of spelled-out letters may hold: `fuckyou` (from `f u c k y o u`) yields `fuck`, `you`…
 * (all substrings of three or more letters), so a spelled word is found whatever is spelled around it.
 */
function spelledWords(run: string): string[] {
  const letters = [...run];
  if (letters.length > MAX_SPELLED_RUN) return [run];
  const out: string[] = [];
  for (let start = 0; start <= letters.length - 3; start++) {
    for (let end = start + 3; end <= letters.length; end++) out.push(letters.slice(start, end).join(""));
  }
  return out;
}

/**
 * `s h i t` → `shit`: runs of at least three one-character tokens, joined. Returns the token sequence with each
 * run replaced by its joined word, and the runs themselves.
 */
function joinSingleCharacterRuns(tokens: readonly string[]): { sequence: string[]; runs: string[] } {
  const sequence: string[] = [];
  const runs: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 3) {
      const joined = run.join("");
      sequence.push(joined);
      runs.push(joined);
    } else {
      sequence.push(...run);
    }
    run = [];
  };
  for (const token of tokens) {
    if ([...token].length === 1) {
      run.push(token);
    } else {
      flush();
      sequence.push(token);
    }
  }
  flush();
  return { sequence, runs };
}

/** Letters with asterisks inside or at either end (`f*ck`, `merd*`, `*sshole`): each run stands for a vowel. */
const MASKED_WORD = /\**[\p{L}\p{M}]+(?:\*+[\p{L}\p{M}]+)*\**/gu;
const VOWELS = ["a", "e", "i", "o", "u"];

/** `f*ck` → one token read as `fack`, `feck`, `fick`, `fock`, `fuck`; at most two masked places per word. */
function maskedWords(folded: string): TokenForms[] {
  if (!folded.includes("*")) return [];
  const out: TokenForms[] = [];
  for (const word of folded.match(MASKED_WORD) ?? []) {
    if (!word.includes("*")) continue;
    const pieces = word.split(/\*+/u);
    if (pieces.length > 3) continue;
    let readings = [pieces[0]!];
    for (const piece of pieces.slice(1)) readings = readings.flatMap((r) => VOWELS.map((v) => r + v + piece));
    out.push({ exact: readings, skeleton: [] });
  }
  return out;
}
