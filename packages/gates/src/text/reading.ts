import type { CulturalContext } from "@qrg/schema";

/** Who reads an artifact: the languages and regions its words are judged in. */
export interface Reading {
  /** Language labels of our lists, always including `en`. */
  readonly languages: ReadonlySet<string>;
  /** ISO 3166-1 alpha-2 codes, upper case. */
  readonly regions: ReadonlySet<string>;
  /** Accessibility needs, lower case with underscores (`high_contrast`, `screen_reader`, `reduced_motion`). */
  readonly accessibility: ReadonlySet<string>;
}

/** BCP 47 primary subtags whose lists are filed under another label. */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  nb: "no",
  nn: "no",
  tl: "fil",
  iw: "he",
  in: "id",
};

/**
 * Language labels for a BCP 47 tag: the primary subtag (`pt-BR` → `pt`), plus `fr-ca` for Canadian French
 * (its own LDNOOBW list).
 */
export function languageLabels(tag: string): string[] {
  const lower = tag.trim().toLowerCase().replace(/_/g, "-");
  if (lower.length === 0) return [];
  const primary = lower.split("-")[0]!;
  const label = LANGUAGE_ALIASES[primary] ?? primary;
  return lower.startsWith("fr-ca") ? [label, "fr-ca"] : [label];
}

/** The reading context of a request: its cultural_context, plus English, which every user is judged in. */
export function readingOf(cultural: CulturalContext | undefined): Reading {
  const languages = new Set<string>(["en"]);
  for (const tag of cultural?.languages ?? []) for (const label of languageLabels(tag)) languages.add(label);
  const regions = new Set<string>();
  for (const region of cultural?.regions ?? []) regions.add(region.trim().toUpperCase());
  const accessibility = new Set<string>();
  for (const need of cultural?.accessibility_needs ?? []) {
    accessibility.add(
      need
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, "_"),
    );
  }
  return { languages, regions, accessibility };
}
