import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { inspection, never, request, symbolicArtifact } from "./helpers/artifacts.ts";
import { gates } from "./helpers/gates.ts";

interface CorpusItem {
  text: string;
  languages: string[];
  regions?: string[];
  variant?: string;
}

async function corpus(name: string): Promise<CorpusItem[]> {
  const file = new URL(`./corpus/${name}`, import.meta.url);
  return (JSON.parse(await readFile(file, "utf8")) as { items: CorpusItem[] }).items;
}

const g = await gates({ quotasEnabled: false });

/** Each corpus text goes through the gate as an intent word of an otherwise typical artifact. */
async function rejected(item: CorpusItem): Promise<boolean> {
  const req = request({
    context: { cultural_context: { languages: item.languages, regions: item.regions ?? [] } },
  });
  const artifact = symbolicArtifact({ tokens: ["luminous", "drift", "harbor"], intentWords: [item.text] });
  return (await g.cultural.evaluate(inspection(artifact, req), never)).status === "rejected";
}

describe("the cultural test corpus", async () => {
  const benign = await corpus("benign.json");
  const offensive = await corpus("offensive.json");

  it("holds at least 200 benign and 200 offensive items across languages and variants", () => {
    expect(benign.length).toBeGreaterThanOrEqual(200);
    expect(offensive.length).toBeGreaterThanOrEqual(200);
    expect(new Set(benign.flatMap((i) => i.languages)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(offensive.flatMap((i) => i.languages)).size).toBeGreaterThanOrEqual(10);
    const variants = new Set(offensive.map((i) => i.variant));
    for (const v of [
      "leetspeak",
      "homoglyph_cyrillic",
      "homoglyph_latin",
      "spaced",
      "dotted",
      "stretched",
      "mixed_case",
      "regional",
    ]) {
      expect(variants, v).toContain(v);
    }
  });

  it("catches at least 98% of offensive variants with at most 1% false positives", async () => {
    const missed: string[] = [];
    for (const item of offensive)
      if (!(await rejected(item))) missed.push(`${item.text} [${item.languages}] ${item.variant}`);
    const flagged: string[] = [];
    for (const item of benign) if (await rejected(item)) flagged.push(`${item.text} [${item.languages}]`);
    const recall = 1 - missed.length / offensive.length;
    const falsePositiveRate = flagged.length / benign.length;
    console.log(
      `cultural corpus: recall ${(recall * 100).toFixed(2)}% (${offensive.length - missed.length}/${offensive.length}), ` +
        `false positives ${(falsePositiveRate * 100).toFixed(2)}% (${flagged.length}/${benign.length})`,
    );
    expect(recall, `missed: ${missed.slice(0, 20).join("; ")}`).toBeGreaterThanOrEqual(0.98);
    expect(falsePositiveRate, `flagged: ${flagged.join("; ")}`).toBeLessThanOrEqual(0.01);
  });
});
