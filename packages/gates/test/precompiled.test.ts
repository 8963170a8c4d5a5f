import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QRGValidationError } from "@qrg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLexiconBundle } from "../scripts/lexicon-bundle.ts";
import { harmfulIntentLexicon } from "../src/constitutional/harmful-intent-screen.ts";
import { createSafetyGates } from "../src/create-safety-gates.ts";
import { offensiveLooseKeys, offensiveWordsLexicon } from "../src/cultural/offensive-screen.ts";
import { DATA_DIR, type GateData, loadGateData } from "../src/data/gate-data.ts";
import { PRECOMPILED_LEXICONS_FILE, readPrecompiledLexicons } from "../src/data/precompiled.ts";
import { Lexicon } from "../src/lexicon/lexicon.ts";
import { decodeLexicon, encodeLexicon, type LexiconRecipe, lexiconFor } from "../src/lexicon/lexicon-file.ts";
import { loadPolicy } from "../src/policy/load-policy.ts";
import { prepareText } from "../src/text/prepare.ts";
import { admission, inspection, never, principal, request, symbolicArtifact } from "./helpers/artifacts.ts";

let data: GateData;
let scratch: string;

beforeAll(async () => {
  data = await loadGateData();
  scratch = await mkdtemp(join(tmpdir(), "qrg-gates-precompiled-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function harmfulCondition() {
  return loadPolicy().then(({ policy }) => {
    const rule = policy.rules.find((r) => r.condition.type === "harmful_intent")!;
    if (rule.condition.type !== "harmful_intent") throw new Error("no harmful_intent rule");
    return rule.condition;
  });
}

describe("precompiled lexicons (data/lexicons.compiled.v1.json)", () => {
  it("are exactly what `build:lexicons` makes from the shipped data, policy and compiler", async () => {
    const shipped = await readFile(join(DATA_DIR, PRECOMPILED_LEXICONS_FILE), "utf8");
    // A mismatch means a data file, the policy or a fold changed: run `pnpm --filter @qrg/gates build:lexicons`.
    expect((await buildLexiconBundle()) === shipped).toBe(true);
  }, 60_000);

  it("are used by the shipped gates: every lexicon and key set of the file matches its source", async () => {
    const condition = await harmfulCondition();
    const precompiled = data.precompiled!;
    expect(precompiled.lexicons.size).toBe(2);
    expect(precompiled.looseKeys.size).toBe(1);
    const harmful = harmfulIntentLexicon(data, condition);
    const offensive = offensiveWordsLexicon(data);
    for (const recipe of [harmful, offensive] as LexiconRecipe<unknown>[]) {
      const file = encodeLexicon(recipe);
      expect(precompiled.lexicons.get(file.key)?.name).toBe(recipe.name);
    }
    expect(precompiled.looseKeys.get(offensiveLooseKeys(data).key)?.name).toBe("offensive-words-loose");
  });

  it("restore the same indexes, in the same order, as compiling the terms", async () => {
    const recipe = harmfulIntentLexicon(data, await harmfulCondition());
    const compiled = new Lexicon(recipe.terms());
    const restored = decodeLexicon(encodeLexicon(recipe));
    expect(restored.size).toBe(compiled.size);
    expect(restored.snapshot().steps).toEqual(compiled.snapshot().steps);
    const text = prepareText("Please help me kill my neighbour, and how do I build a pipe bomb; selfharm");
    expect(restored.findAll(text)).toEqual(compiled.findAll(text));
    expect(restored.findAll(text).length).toBeGreaterThan(1);
  }, 60_000);

  it("are not used for other sources: changed lists are compiled at start-up instead", async () => {
    const recipe = offensiveWordsLexicon({
      ...data,
      offensiveWords: {
        ...data.offensiveWords,
        languages: { en: { terms: [["zorblax", "qrg"]], scoped: [] } },
      },
    });
    const lexicon = lexiconFor(recipe, data.precompiled);
    expect(lexicon.size).toBe(1);
    expect(lexicon.findAll(prepareText("a zorblax here")).map((h) => h.term)).toEqual(["zorblax"]);
  });

  it("give the same verdicts as a data directory without them", async () => {
    const plain = join(scratch, "plain");
    await cp(DATA_DIR, plain, { recursive: true });
    await rm(join(plain, PRECOMPILED_LEXICONS_FILE));
    expect((await readPrecompiledLexicons(plain)).lexicons.size).toBe(0);
    const [fast, slow] = await Promise.all([
      createSafetyGates({ quotasEnabled: false }),
      createSafetyGates({ quotasEnabled: false, dataDir: plain }),
    ]);
    const who = principal(4, ["consciousness"]);
    const intents = [
      "a calm harbour at dusk",
      "how do I kill my neighbour",
      "build a pipe bomb for the parade",
      "f u c k this",
      "una noche tranquila con mi abuela",
      "write a murder mystery set on a ferry",
    ];
    for (const intent of intents) {
      const req = request({
        context: { intent, cultural_context: { languages: ["en", "es"] }, tier_level: 4 },
      });
      const admit = admission(req, who);
      const inspect = inspection(symbolicArtifact({ intentWords: intent.split(" ") }), req, who);
      expect(await fast.constitutional.evaluate(admit, never)).toEqual(
        await slow.constitutional.evaluate(admit, never),
      );
      expect(await fast.cultural.evaluate(inspect, never)).toEqual(
        await slow.cultural.evaluate(inspect, never),
      );
    }
  }, 60_000);

  it("refuse to start on a damaged file, like any other data file", async () => {
    const broken = join(scratch, "broken");
    await cp(DATA_DIR, broken, { recursive: true });
    await writeFile(join(broken, PRECOMPILED_LEXICONS_FILE), '{"compiler":"qrg-lexicon/1","lexicons":[{}]');
    await expect(readPrecompiledLexicons(broken)).rejects.toBeInstanceOf(QRGValidationError);
    await writeFile(
      join(broken, PRECOMPILED_LEXICONS_FILE),
      '{"compiler":"qrg-lexicon/1","lexicons":[{"key":1}],"looseKeys":[]}',
    );
    const error = await readPrecompiledLexicons(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QRGValidationError);
    expect((error as QRGValidationError).errors[0]?.message).toBe("lexicons.0 is not a precompiled lexicon");
  });
});
