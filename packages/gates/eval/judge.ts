// Runs one word or phrase through the Constitutional and Cultural gates as a request would carry it.

import { ConstitutionalGatekeeper } from "../src/constitutional/constitutional-gate.ts";
import { CulturalSafetyChecker } from "../src/cultural/cultural-gate.ts";
import type { GateData } from "../src/data/gate-data.ts";
import { loadIntentScreen } from "../src/intent-classifier/index.ts";
import { DEFAULT_POLICY_FILE, loadPolicy } from "../src/policy/load-policy.ts";
import {
  admission,
  inspection,
  never,
  principal,
  request,
  symbolicArtifact,
} from "../test/helpers/artifacts.ts";

/** Where the word stands: the whole seed, the start of the intent, or the end of a longer intent. */
export const PLACEMENTS = ["seed", "intent start", "intent end"] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Ordinary words around the tested one: ten words, so an intent-end word is past any word cap. */
const FILLER = "a quiet walk along the old harbour under a grey sky";

export interface Judge {
  /** Whether either gate refuses `word` at `placement` for a reader of `language`. */
  refuses(word: string, language: string, placement: Placement): Promise<boolean>;
}

export async function judge(data: GateData): Promise<Judge> {
  const policy = await loadPolicy(DEFAULT_POLICY_FILE);
  const intentScreen = await loadIntentScreen();
  const constitutional = new ConstitutionalGatekeeper({ policy, data, quotasEnabled: false, intentScreen });
  const cultural = new CulturalSafetyChecker({ data });
  const who = principal(4, ["consciousness"]);
  const artifact = symbolicArtifact();
  return {
    async refuses(word, language, placement) {
      const intent =
        placement === "intent start"
          ? `${word} ${FILLER}`
          : placement === "intent end"
            ? `${FILLER} ${word}`
            : FILLER;
      const req = request({
        // Seeds are 16 to 256 characters: the word is followed by a date, as a user might write it.
        seed: placement === "seed" ? `${word} seed 2026-12-03` : "evening-walk-2026-12-03",
        context: { intent, cultural_context: { languages: [language] }, tier_level: 4 },
      });
      const admitted = await constitutional.evaluate(admission(req, who), never);
      if (admitted.status === "rejected") return true;
      const inspected = await cultural.evaluate(inspection(artifact, req, who), never);
      return inspected.status === "rejected";
    },
  };
}
