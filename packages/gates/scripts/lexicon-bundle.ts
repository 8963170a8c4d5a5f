import { harmfulIntentLexicon } from "../src/constitutional/harmful-intent-screen.ts";
import { offensiveLooseKeys, offensiveWordsLexicon } from "../src/cultural/offensive-screen.ts";
import { DATA_DIR, loadGateData } from "../src/data/gate-data.ts";
import { encodeLexicon, LEXICON_COMPILER, type LexiconBundle } from "../src/lexicon/lexicon-file.ts";
import { DEFAULT_POLICY_FILE, loadPolicy } from "../src/policy/load-policy.ts";

/**
 * The precompiled lexicons of the shipped data and policy (data/lexicons.compiled.v1.json), as the bytes the
 * build writes: the lexicons the gates would otherwise compile at every start-up.
 */
export async function buildLexiconBundle(): Promise<string> {
  const { precompiled: _ignored, ...data } = await loadGateData(DATA_DIR);
  const { policy } = await loadPolicy(DEFAULT_POLICY_FILE);
  const lexicons = [encodeLexicon(offensiveWordsLexicon(data))];
  for (const rule of policy.rules) {
    if (rule.condition.type === "harmful_intent")
      lexicons.push(encodeLexicon(harmfulIntentLexicon(data, rule.condition)));
  }
  const bundle: LexiconBundle = {
    compiler: LEXICON_COMPILER,
    description:
      "Compiled word and phrase lexicons of the shipped data and policy, built by `pnpm --filter @qrg/gates build:lexicons` (scripts/build-lexicons.ts); each is used only while its key matches the digest of its sources.",
    lexicons,
    looseKeys: [offensiveLooseKeys(data)],
  };
  return `${JSON.stringify(bundle)}\n`;
}
