import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INTENT_MODEL_URL } from "../../src/intent-classifier/model-file.ts";
import { buildModel, buildShippedModel, corpusDigest, HYPERPARAMETERS } from "../../training/build-model.ts";
import { expandCorpus, readCorpus } from "../../training/corpus.ts";

describe("training is deterministic", () => {
  it("the same examples give the same model bytes; another seed gives other bytes", () => {
    const examples = expandCorpus(readCorpus(), HYPERPARAMETERS.framesPerPhrase, HYPERPARAMETERS.seed).filter(
      (_, i) => i % 10 === 0,
    );
    const hyper = { ...HYPERPARAMETERS, epochs: 3 };
    const a = buildModel(examples, "test", hyper);
    const b = buildModel(examples, "test", hyper);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    const c = buildModel(examples, "test", { ...hyper, seed: hyper.seed + 1 });
    expect(c.bytes.equals(a.bytes)).toBe(false);
  });

  it("the shipped model is exactly what the training script makes from the shipped corpus", {
    timeout: 180_000,
  }, () => {
    const shipped = readFileSync(INTENT_MODEL_URL);
    const meta = JSON.parse(shipped.toString("utf8")) as { training: { corpusDigest: string } };
    expect(meta.training.corpusDigest).toBe(corpusDigest());
    expect(buildShippedModel().bytes.equals(shipped)).toBe(true);
  });
});
