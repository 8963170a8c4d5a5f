import { complexityScore } from "./lexicon-schema.ts";

/** At most this many intent words join the token candidates. */
export const MAX_INTENT_WORDS = 6;
const MIN_LETTERS = 3;
const MAX_LETTERS = 24;

// Function words of the languages users most often write intents in: they carry no symbol of their own.
const STOPWORDS = new Set(
  (
    "the and for with that this from into onto about above after before under over between through what when where " +
    "which who whom whose why how your yours you our ours are was were been being have has had not but can will " +
    "would should could shall may might must just very some any all more most other such only own same than too " +
    "then there their theirs them they these those its his her hers him she its me my mine we us also each few " +
    "both either neither nor yet so does did doing done make makes made want wants like please feel something " +
    "anything nothing everything things thing let get got give me please really maybe much many " +
    "los las una uno unos unas que por con para del les des une pour avec dans sur est sont der die das und mit " +
    "für ein eine einen dem den des ist sind che per con una gli dei della delle para com uma por dos das het een " +
    "van voor met"
  ).split(" "),
);

/**
 * Normalises free-text intent into candidate words: NFKC, lowercase (locale-independent), punctuation and
 * symbols to spaces, split on whitespace, drop numbers, stopwords and words under 3 or over 24 letters,
 * dedupe in order of appearance, keep the first MAX_INTENT_WORDS.
 */
export function normaliseIntent(text: string | undefined): string[] {
  if (!text) return [];
  const words: string[] = [];
  const seen = new Set<string>();
  for (const raw of text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .split(" ")) {
    if (words.length === MAX_INTENT_WORDS) break;
    const letters = [...raw].length;
    if (letters < MIN_LETTERS || letters > MAX_LETTERS) continue;
    if (/^\p{N}+$/u.test(raw) || STOPWORDS.has(raw) || seen.has(raw)) continue;
    seen.add(raw);
    words.push(raw);
  }
  return words;
}

/**
 * Syllables of a word outside the lexicon: groups of Latin vowels (a trailing silent "e" dropped), or one
 * per three letters for scripts without Latin vowels. An estimate for complexity scoring only.
 */
export function estimateSyllables(word: string): number {
  const groups = word.match(/[aeiouyàáâäãåèéêëìíîïòóôöõùúûüýÿæœ]+/gu)?.length ?? 0;
  if (groups === 0) return Math.max(1, Math.round([...word].length / 3));
  const silentE = groups > 1 && /[^aeiouy]e$/u.test(word) ? 1 : 0;
  return Math.max(1, groups - silentE);
}

/**
 * Complexity of an intent word the lexicon lacks: the lexicon's formula with its letter count, estimated
 * syllables, and mid rarity (scored as SCOWL size 40) because its frequency is unknown.
 */
export function intentComplexity(word: string): number {
  return complexityScore([...word].length, estimateSyllables(word), 40);
}
