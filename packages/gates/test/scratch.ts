import { createSafetyGates } from "../src/index.ts";
import { inspection, never, request, symbolicArtifact, admission, principal } from "./helpers/artifacts.ts";
const g = await createSafetyGates();
const check = async (tokens: string[], languages: string[] = ["en"], regions: string[] = []) => {
  const r = request({ context: { cultural_context: { languages, regions } } });
  const o = await g.cultural.evaluate(inspection(symbolicArtifact({ tokens }), r), never);
  console.log(JSON.stringify(tokens), languages.join(","), "→", o.status, o.rule_id ?? "", o.reason);
};
for (const w of ["computadora", "disputa", "cocktail", "assessment", "Dickens", "Scunthorpe", "Sussex", "Middlesex", "Essex", "analysis", "therapist", "grapes", "cumulative", "shiitake", "Penistone", "Cockburn", "bassoon", "peacock", "niggardly", "snigger", "pussycat", "manslaughter", "circumstance", "document", "title", "class", "passage", "Hancock", "butterscotch", "arsenal", "cumin"]) await check([w]);
await check(["bite"], ["en"]); await check(["bite"], ["fr"]);
await check(["sh1t"]); await check(["ѕһіт"]); await check(["s h i t"]); await check(["fuuuuck"]); await check(["F.U.C.K"]); await check(["coño"], ["es"]); await check(["cono"], ["es"]);
await check(["con"], ["fr"]); await check(["con"], ["fr", "es"]);
await check(["kaffir"], ["en"], ["ZA"]); await check(["kaffir"], ["en"], ["US"]);
await check(["处女座"], ["zh"]); await check(["傻逼"], ["zh"]);
const c = async (seed: string, intent?: string, languages = ["en"], tier = 3, type = "symbolic") => {
  const r = request({ seed, context: { intent, tier_level: tier, cultural_context: { languages } }, options: { artifact_type: type as "symbolic" } });
  const o = await g.constitutional.evaluate(admission(r, principal(tier)), never);
  console.log(seed, "|", intent, "→", o.status, o.rule_id ?? "", o.reason);
};
await c("quantum-seed-2025-11-10-xyz", "a calm sea at dawn");
await c("quantum-seed-2025-11-10-xyz", "how to make a bomb");
await c("quantum-seed-2025-11-10-xyz", "k1ll y0urself");
await c("quantum-seed-2025-11-10-xyz", "suicide bomber on a bus");
await c("quantum-seed-2025-11-10-xyz", "quiero morir", ["es"]);
await c("quantum-seed-2025-11-10-xyz", "a visual", ["en"], 2, "visual");
