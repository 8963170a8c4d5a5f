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
      terms: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
      scoped: z.array(z.string().min(1)),
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
  languages: z.record(z.string(), z.array(z.string().min(1))),
});
export type DictionaryAllow = z.output<typeof DictionaryAllowSchema>;
