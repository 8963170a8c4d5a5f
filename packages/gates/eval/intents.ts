// The harmful-intent classifier's figures for `pnpm eval:gates` (see eval/contract.ts), and on its own:
//   node eval/intents.ts [--json FILE]   prints recall / refusal rates with Wilson 95% intervals
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type IntentClassifier, intentClassifierScreen } from "../src/intent-classifier/index.ts";
import { HYPERPARAMETERS } from "../training/build-model.ts";
import { expandCorpus, readCorpus } from "../training/corpus.ts";
import type { EvaluateIntents, IntentEvalRow } from "./contract.ts";
import { PADDING, readHeldOut } from "./intents-data.ts";
import { formatIntentReport, type IntentReport, placementRows, summarise } from "./intents-report.ts";

interface Labelled {
  readonly text: string;
  readonly label: string;
  readonly language: string;
}

/** A text is refused when any category reaches its threshold. */
export function refuses(classifier: IntentClassifier, text: string): boolean {
  return classifier.strongestHit(text) !== undefined;
}

function tally(classifier: IntentClassifier, items: readonly Labelled[], split: IntentEvalRow["split"]) {
  const rows = new Map<string, { category: string; language: string; refused: number; total: number }>();
  for (const item of items) {
    const key = `${item.label}/${item.language}`;
    const row = rows.get(key) ?? { category: item.label, language: item.language, refused: 0, total: 0 };
    row.total++;
    if (refuses(classifier, item.text)) row.refused++;
    rows.set(key, row);
  }
  return [...rows.values()]
    .sort((a, b) => (a.category + a.language < b.category + b.language ? -1 : 1))
    .map((row): IntentEvalRow => ({ ...row, split }));
}

/** Every fourth item (and every 25th training example): the deterministic slice the CI floor test runs. */
function sliceOf<T>(items: readonly T[], every: number): T[] {
  return items.filter((_, i) => i % every === 0);
}

export const evaluateIntents: EvaluateIntents = async (options = {}) => {
  const { classifier } = intentClassifierScreen();
  const heldOut = readHeldOut();
  const training = expandCorpus(readCorpus(), HYPERPARAMETERS.framesPerPhrase, HYPERPARAMETERS.seed);
  return [
    ...tally(classifier, options.slice ? sliceOf(heldOut, 4) : heldOut, "heldout"),
    ...tally(classifier, options.slice ? sliceOf(training, 25) : training, "train"),
  ];
};

/** The full report: the contract's rows summarised, plus refusals by look-alike kind and by placement. */
export async function intentReport(): Promise<IntentReport> {
  const { classifier, digest } = intentClassifierScreen();
  const rows = await evaluateIntents();
  const heldOut = readHeldOut();
  const kinds = new Map<string, { refused: number; total: number }>();
  for (const item of heldOut.filter((i) => i.label === "benign")) {
    const k = kinds.get(item.kind) ?? { refused: 0, total: 0 };
    k.total++;
    if (refuses(classifier, item.text)) k.refused++;
    kinds.set(item.kind, k);
  }
  const harmful = heldOut.filter((i) => i.label !== "benign");
  const placed = (where: "start" | "end") =>
    harmful.map((item) => {
      const pad = PADDING[item.language] ?? PADDING.en!;
      const text = where === "start" ? `${item.text}, ${pad}` : `${pad}, ${item.text}`;
      return refuses(classifier, text);
    });
  return {
    model: digest,
    ...summarise(rows),
    benignByKind: Object.fromEntries([...kinds].sort()),
    placement: placementRows({
      alone: harmful.map((i) => refuses(classifier, i.text)),
      start: placed("start"),
      end: placed("end"),
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = await intentReport();
  console.log(formatIntentReport(report));
  const json = process.argv.indexOf("--json");
  if (json > 0 && process.argv[json + 1])
    writeFileSync(process.argv[json + 1]!, `${JSON.stringify(report, null, 2)}\n`);
}
