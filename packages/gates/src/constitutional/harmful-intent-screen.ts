import { expandTemplate, type GateData } from "../data/gate-data.ts";
import type { Lexicon, LexiconTerm } from "../lexicon/lexicon.ts";
import { type LexiconRecipe, lexiconFor } from "../lexicon/lexicon-file.ts";
import type { HarmfulCategory, HarmfulIntentCondition } from "../policy/policy-schema.ts";
import { prepareText } from "../text/prepare.ts";

interface HarmMeta {
  readonly category: HarmfulCategory;
  readonly language: string;
}

/** A harmful phrase found in a seed or intent. */
export interface HarmfulFinding {
  readonly category: HarmfulCategory;
  readonly language: string;
  readonly term: string;
}

/**
 * Screens compiled per word lists and rule condition: templates expand to tens of thousands of phrases, so a
 * second gate set over the same data (a restart of the API in-process, tests) reuses the compiled lexicon.
 */
const compiled = new WeakMap<GateData, Map<string, Lexicon<HarmMeta>>>();

/**
 * The harmful-intent phrase lists (data/harmful-intent.v1.json plus the policy's extra_terms) for the categories
 * a policy rule names, compiled into one lexicon. When several phrases match, the longest wins (`suicide bomber`
 * is terrorism, not self-harm), then the category listed first in the rule.
 */
export class HarmfulIntentScreen {
  private readonly lexicon: Lexicon<HarmMeta>;
  private readonly priority: ReadonlyMap<HarmfulCategory, number>;

  constructor(data: GateData, condition: HarmfulIntentCondition) {
    this.priority = new Map(condition.categories.map((category, index) => [category, index]));
    const key = JSON.stringify(condition);
    const cached = compiled.get(data)?.get(key);
    this.lexicon = cached ?? lexiconFor(harmfulIntentLexicon(data, condition), data.precompiled);
    if (!cached) {
      if (!compiled.has(data)) compiled.set(data, new Map());
      compiled.get(data)!.set(key, this.lexicon);
    }
  }

  /**
   * The most specific harmful phrase in `texts`, in any language: a request does not declare the language it
   * is written in. Phrases of a declared language rank first when several match.
   */
  find(texts: readonly string[], languages: ReadonlySet<string>): HarmfulFinding | undefined {
    let best: HarmfulFinding | undefined;
    let bestRank: [number, number] = [0, 0];
    for (const text of texts) {
      for (const hit of this.lexicon.findAll(prepareText(text))) {
        const declared = languages.has(hit.meta.language) ? 1 : 0;
        const rank: [number, number] = [
          hit.term.split(" ").length * 2 + declared,
          -(this.priority.get(hit.meta.category) ?? 99),
        ];
        if (
          best === undefined ||
          rank[0] > bestRank[0] ||
          (rank[0] === bestRank[0] && rank[1] > bestRank[1])
        ) {
          best = { category: hit.meta.category, language: hit.meta.language, term: hit.term };
          bestRank = rank;
        }
      }
    }
    return best;
  }
}

/**
 * The phrase lists and expanded templates of the categories `condition` names, as one lexicon recipe (precompiled
 * for the shipped data and policy by `pnpm --filter @qrg/gates build:lexicons`).
 */
export function harmfulIntentLexicon(
  data: GateData,
  condition: HarmfulIntentCondition,
): LexiconRecipe<HarmMeta> {
  return {
    name: "harmful-intent",
    source: { harmfulIntent: data.harmfulIntent, condition },
    terms: () => harmfulTerms(data, condition),
  };
}

function harmfulTerms(data: GateData, condition: HarmfulIntentCondition): LexiconTerm<HarmMeta>[] {
  const wanted = new Set(condition.categories);
  const metas = new Map<string, HarmMeta>();
  const meta = (category: HarmfulCategory, language: string): HarmMeta => {
    const key = `${category}/${language}`;
    let value = metas.get(key);
    if (value === undefined) {
      value = { category, language };
      metas.set(key, value);
    }
    return value;
  };
  const terms: LexiconTerm<HarmMeta>[] = [];
  for (const category of condition.categories) {
    const sources = [data.harmfulIntent.categories[category] ?? {}, condition.extra_terms?.[category] ?? {}];
    for (const byLanguage of sources) {
      for (const [language, phrases] of Object.entries(byLanguage)) {
        for (const term of phrases) terms.push({ term, meta: meta(category, language.toLowerCase()) });
      }
    }
  }
  for (const template of data.harmfulIntent.templates) {
    if (!wanted.has(template.category)) continue;
    for (const term of expandTemplate(template)) {
      terms.push({ term, meta: meta(template.category, template.language.toLowerCase()) });
    }
  }
  return terms;
}
