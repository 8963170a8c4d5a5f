import { readFileSync } from "node:fs";
import { createSafetyGates } from "../src/index.ts";
import { inspection, never, request, symbolicArtifact } from "./helpers/artifacts.ts";
const g = await createSafetyGates();
const load = (f: string) => JSON.parse(readFileSync(new URL(`./corpus/${f}`, import.meta.url), "utf8")).items as { text: string; languages: string[]; variant?: string }[];
const run = async (text: string, languages: string[]) => {
  const r = request({ context: { cultural_context: { languages } } });
  return g.cultural.evaluate(inspection(symbolicArtifact({ tokens: ["luminous", "drift"], intentWords: [text] }), r), never);
};
let fp = 0; const benign = load("benign.json");
for (const b of benign) { const o = await run(b.text, b.languages); if (o.status !== "approved") { fp++; console.log("FP", b.text, b.languages, o.rule_id, o.reason); } }
let miss = 0; const off = load("offensive.json");
for (const b of off) { const o = await run(b.text, b.languages); if (o.status !== "rejected") { miss++; console.log("MISS", JSON.stringify(b.text), b.languages, b.variant); } }
console.log(`benign ${benign.length} fp ${fp}; offensive ${off.length} missed ${miss}; recall ${(1 - miss / off.length).toFixed(4)}`);
