// A small, fixed slice of `pnpm eval:gates` (see eval/run.ts): held-out recall and false positives on an
// independent word list must not fall below the floors measured when the gate data was built. A regression in
// the normaliser, the loose matcher or the data fails here.
import { describe, expect, it } from "vitest";
import { evaluateWords, type WordRow } from "../eval/run.ts";

function rate(rows: readonly WordRow[], set: string, language: string, placement: string): number {
  const row = rows.find((r) => r.set === set && r.language === language && r.placement === placement);
  if (row === undefined) throw new Error(`no row ${set}/${language}/${placement}`);
  return row.result.rate;
}

describe("the gates evaluation slice", () => {
  it("keeps held-out recall and ordinary-word refusals at their floors", { timeout: 30_000 }, async () => {
    const { rows } = await evaluateWords({ perLanguage: 30, dictionarySplit: false, training: false });
    for (const [language, floor] of Object.entries(RECALL_FLOORS)) {
      for (const placement of ["seed", "intent start", "intent end"]) {
        expect(
          rate(rows, "recall held-out", language, placement),
          `${language} ${placement}`,
        ).toBeGreaterThanOrEqual(floor);
      }
    }
    for (const language of ["en", "fr", "es"]) {
      expect(rate(rows, "fp independent list", language, "intent end"), language).toBeLessThanOrEqual(0.05);
    }
  });
});

/** Held-out recall floors on the 30-word slice: one word under the values measured at 2026-12-03. */
const RECALL_FLOORS: Record<string, number> = {
  en: 0.36,
  es: 0.06,
  fr: 0.46,
  it: 0.53,
  pt: 0.4,
  ar: 0.13,
  ru: 0.4,
};
