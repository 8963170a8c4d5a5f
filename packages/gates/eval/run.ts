// `pnpm eval:gates`: recall on held-out offensive words and false positives on ordinary words, per language,
// placement and harm category, with 95% Wilson intervals; build-source (training) figures beside the held-out
// ones. Writes packages/gates/eval/report.json. `--quick` evaluates small samples (what the CI floor test runs).
import { writeFileSync } from "node:fs";
import { buildWordData } from "../scripts/word-data-builder.ts";
import { isHeldOutWord } from "../scripts/word-sources.ts";
import type { GateData } from "../src/data/gate-data.ts";
import { loadGateData } from "../src/data/gate-data.ts";
import type { EvaluateIntents, IntentEvalRow } from "./contract.ts";
import { judge, PLACEMENTS } from "./judge.ts";
import { formatRate, type Rate, wilson } from "./wilson.ts";
import {
  heldOutDictionary,
  heldOutOffensive,
  independentDictionary,
  overlapWithBuild,
  sample,
  scunthorpeWords,
  trainingOffensive,
} from "./word-sets.ts";

export interface WordRow {
  readonly set: string;
  readonly language: string;
  readonly placement: string;
  readonly result: Rate;
}

export interface EvalOptions {
  /** Words per language and set. @default 600 (the full run); the CI slice uses fewer */
  readonly perLanguage?: number;
  /** Also rebuild the data from four fifths of each dictionary and count the held-out fifth. @default true */
  readonly dictionarySplit?: boolean;
  /** Also judge the build data's own entries (the training-set figures). @default true */
  readonly training?: boolean;
  readonly log?: (line: string) => void;
}

async function refusalRate(
  data: GateData,
  words: readonly string[],
  language: string,
  placements: readonly (typeof PLACEMENTS)[number][],
): Promise<Map<string, Rate>> {
  const gates = await judge(data);
  const out = new Map<string, Rate>();
  for (const placement of placements) {
    let refused = 0;
    for (const word of words) if (await gates.refuses(word, language, placement)) refused++;
    out.set(placement, wilson(refused, words.length));
  }
  return out;
}

export async function evaluateWords(
  options: EvalOptions = {},
): Promise<{ rows: WordRow[]; overlap: Record<string, number> }> {
  const per = options.perLanguage ?? 600;
  const log = options.log ?? (() => {});
  const shipped = await loadGateData();
  const rows: WordRow[] = [];
  const add = (set: string, language: string, rates: Map<string, Rate>) => {
    for (const [placement, result] of rates) {
      rows.push({ set, language, placement, result });
      log(`${set.padEnd(24)} ${language.padEnd(4)} ${placement.padEnd(13)} ${formatRate(result)}`);
    }
  };

  const heldOut = await heldOutOffensive();
  const overlap: Record<string, number> = {};
  for (const [language, words] of heldOut) {
    overlap[language] = overlapWithBuild(words, shipped.offensiveWords);
    add("recall held-out", language, await refusalRate(shipped, sample(words, per), language, PLACEMENTS));
  }
  if (options.training ?? true) {
    for (const [language, words] of await heldOutOffensive(2)) {
      if (language === "ru") continue;
      add(
        "recall held-out, sure",
        language,
        await refusalRate(shipped, sample(words, per), language, ["intent end"]),
      );
    }
    for (const [language, words] of trainingOffensive(shipped.offensiveWords, [...heldOut.keys()])) {
      add("recall training", language, await refusalRate(shipped, sample(words, per), language, PLACEMENTS));
    }
  }
  for (const [language, words] of independentDictionary()) {
    add(
      "fp independent list",
      language,
      await refusalRate(shipped, sample(words, per), language, ["intent end"]),
    );
  }
  if (options.dictionarySplit ?? true) {
    log("rebuilding the word data from four fifths of each dictionary…");
    const split = buildWordData((word) => !isHeldOutWord(word));
    const splitData: GateData = { ...shipped, offensiveWords: split.offensive, dictionaryAllow: split.allow };
    for (const [language, words] of heldOutDictionary()) {
      add(
        "fp held-out dictionary",
        language,
        await refusalRate(splitData, sample(words, per), language, ["intent end"]),
      );
      const scunthorpe = scunthorpeWords(words, split.offensive);
      add(
        "fp held-out scunthorpe",
        language,
        await refusalRate(splitData, sample(scunthorpe, per), language, ["intent end"]),
      );
      add(
        "fp dictionary (shipped)",
        language,
        await refusalRate(shipped, sample(words, per), language, ["intent end"]),
      );
    }
  }
  return { rows, overlap };
}

async function evaluateIntentsIfPresent(): Promise<readonly IntentEvalRow[] | undefined> {
  try {
    const module = (await import("./intents.ts")) as { evaluateIntents?: EvaluateIntents };
    return module.evaluateIntents ? await module.evaluateIntents() : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}

if (import.meta.main) {
  const quick = process.argv.includes("--quick");
  const started = performance.now();
  console.log("set                      lang placement         rate [95% Wilson]        n");
  const words = await evaluateWords({
    perLanguage: quick ? 80 : 600,
    dictionarySplit: !quick,
    log: (line) => console.log(line),
  });
  console.log("\nheld-out words listed exactly in the build data (overlap):");
  for (const [language, share] of Object.entries(words.overlap)) {
    console.log(`  ${language.padEnd(4)} ${(share * 100).toFixed(1)}%`);
  }
  const intents = await evaluateIntentsIfPresent();
  const intentRows = (intents ?? []).map((row) => ({ ...row, result: wilson(row.refused, row.total) }));
  if (intents === undefined) console.log("\nintents: not available (eval/intents.ts missing)");
  else {
    console.log("\nharmful intents (refused)             rate [95% Wilson]        n");
    for (const row of intentRows) {
      console.log(
        `${row.split.padEnd(8)} ${row.category.padEnd(14)} ${row.language.padEnd(4)} ${formatRate(row.result)}`,
      );
    }
  }
  const report = {
    generated_at: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    seconds: Math.round((performance.now() - started) / 1000),
    words: words.rows,
    overlap: words.overlap,
    intents: intentRows,
  };
  writeFileSync(new URL("./report.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote packages/gates/eval/report.json (${report.seconds} s)`);
}
