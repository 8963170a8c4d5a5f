// Trains the harmful-intent classifier and writes data/intent-model.v1.json:
//   node training/train-intent.ts           train on the whole corpus, write the model, print its digest
//   node training/train-intent.ts --check   train and compare with the shipped file byte for byte (exit 1 if not equal)
//   node training/train-intent.ts --dev     phrase-split the corpus 80/20 and print figures on the 20% (for tuning;
//                                           the held-out set in data/intent-heldout.v1.json is never read here)
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { IntentClassifier } from "../src/intent-classifier/classifier.ts";
import { INTENT_MODEL_URL, parseIntentModel } from "../src/intent-classifier/model-file.ts";
import { buildModel, buildShippedModel, HYPERPARAMETERS } from "./build-model.ts";
import { expandCorpus, readCorpus, stableHash } from "./corpus.ts";

const mode = process.argv[2];

if (mode === "--dev") {
  const examples = expandCorpus(readCorpus(), HYPERPARAMETERS.framesPerPhrase, HYPERPARAMETERS.seed);
  const isDev = (phrase: string) => stableHash(phrase, 7) % 5 === 0;
  const train = examples.filter((e) => !isDev(e.phrase));
  const dev = examples.filter((e) => isDev(e.phrase));
  const started = performance.now();
  const built = buildModel(train, "dev");
  console.log(`trained on ${train.length} examples in ${(performance.now() - started).toFixed(0)} ms`);
  const classifier = new IntentClassifier(parseIntentModel(built.bytes));
  const tally = new Map<string, { n: number; flagged: number; right: number }>();
  const misses: string[] = [];
  for (const e of dev) {
    const top = classifier.strongestHit(e.text);
    const key = e.label === "benign" ? "benign (refused)" : e.label;
    const t = tally.get(key) ?? { n: 0, flagged: 0, right: 0 };
    t.n++;
    if (top !== undefined) t.flagged++;
    if (top?.category === e.label) t.right++;
    tally.set(key, t);
    if ((e.label === "benign") !== (top === undefined))
      misses.push(
        `${e.label.padEnd(13)} ${top ? `${top.category} ${top.score.toFixed(2)}` : "none"}  ${e.text}`,
      );
  }
  for (const [key, t] of [...tally].sort())
    console.log(`${key.padEnd(18)} ${t.flagged}/${t.n} flagged, ${t.right} right category`);
  console.log(misses.join("\n"));
} else {
  const started = performance.now();
  const built = buildShippedModel();
  const ms = performance.now() - started;
  const digest = `sha256:${createHash("sha256").update(built.bytes).digest("hex")}`;
  const target = fileURLToPath(INTENT_MODEL_URL);
  if (mode === "--check") {
    const shipped = readFileSync(target);
    if (!shipped.equals(built.bytes)) {
      console.error(`${target} differs from a fresh training run (${digest}); run pnpm train:intent`);
      process.exit(1);
    }
    console.log(`${target} matches a fresh training run: ${digest}`);
  } else {
    writeFileSync(target, built.bytes);
    console.log(
      `wrote ${target}: ${built.bytes.length} bytes, ${built.nonZeroBuckets} non-zero buckets, ` +
        `${built.examples} examples, trained in ${ms.toFixed(0)} ms\n${digest}`,
    );
  }
}
