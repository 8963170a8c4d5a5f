import { z } from "zod";

const sourceInfo = z.strictObject({
  /** npm package the entries were read from, or `packages/gates/data/<file>` for our own lists. */
  package: z.string().min(1),
  version: z.string().min(1),
  /** SPDX licence of the list. */
  licence: z.string().min(1),
  url: z.string().min(1),
  note: z.string().optional(),
});

const isTerm = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/**
 * `z.array(element)` for lists of tens of thousands of entries, checked in one loop: zod's per-element parse of
 * these two files took a sixth of the gates' start-up. Issues keep the element's path (`languages.en.terms.5`).
 */
function largeArray<T>(isElement: (value: unknown) => value is T, expected: string) {
  return z
    .custom<T[]>((value) => Array.isArray(value), { message: "expected an array" })
    .superRefine((values, ctx) => {
      values.forEach((value, index) => {
        if (!isElement(value))
          ctx.addIssue({ code: "custom", path: [index], message: `expected ${expected}` });
      });
    });
}

/**
 * data/offensive-words.v2.json, written by scripts/build-word-data.ts: every offensive-word source merged, one
 * list per language. Each entry names the sources that list it (ids of `sources`); `scoped` entries are
 * ordinary words in another language and apply only to readers who declared their language.
 */
export const OffensiveWordsSchema = z.strictObject({
  version: z.string().min(1),
  description: z.string().min(1),
  sources: z.record(z.string(), sourceInfo),
  languages: z.record(
    z.string(),
    z.strictObject({
      /** `[term, "source,source"]`, term case-folded (NFKC, lower case). */
      terms: largeArray(
        (value): value is [string, string] =>
          Array.isArray(value) && value.length === 2 && isTerm(value[0]) && isTerm(value[1]),
        "[term, sources], both non-empty strings",
      ),
      scoped: largeArray(isTerm, "a non-empty string"),
    }),
  ),
});
export type OffensiveWords = z.output<typeof OffensiveWordsSchema>;

/**
 * data/dictionary-allow.v2.json: dictionary words (accents stripped) that a loose route (accent, sound, stem,
 * compound) would take for a listed word — `analisis`, `pollo`, `cockpit`. Exact list entries are never here.
 */
export const DictionaryAllowSchema = z.strictObject({
  version: z.string().min(1),
  description: z.string().min(1),
  sources: z.record(z.string(), sourceInfo),
  languages: z.record(z.string(), largeArray(isTerm, "a non-empty string")),
});
export type DictionaryAllow = z.output<typeof DictionaryAllowSchema>;
