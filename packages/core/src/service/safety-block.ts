import type { Safety } from "@qrg/schema";
import type { GeneratedArtifact } from "../ports/artifact.ts";
import type { ConstitutionalOutcome } from "../ports/gate.ts";
import type { Inspection } from "./inspection.ts";

/**
 * The response's safety block: every gate's verdict, and one de-duplicated list of every warning raised on
 * the way (gates, engine, regeneration at lower complexity, a fail-open estimator, provenance).
 */
export function safetyBlock(
  constitutional: ConstitutionalOutcome,
  inspection: Inspection,
  artifact: GeneratedArtifact,
  provenanceWarnings: string[],
): Safety {
  const { cultural, cognitive, cognitiveNote } = inspection;
  const adapted = artifact.complexity_level > 0;
  const warnings = [
    ...constitutional.warnings,
    ...artifact.warnings,
    ...cultural.warnings,
    ...cognitive.warnings,
    ...(adapted
      ? [`cognitive load adapted: regenerated at lower complexity (level ${artifact.complexity_level})`]
      : []),
    ...(cognitiveNote ? [cognitiveNote] : []),
    ...provenanceWarnings,
  ];
  return {
    status: cognitive.status === "flagged" ? "flagged" : "approved",
    gate_checks: {
      ConstitutionalGatekeeper: {
        status: "approved",
        reason: constitutional.reason,
        score: constitutional.score,
        policy_version: constitutional.policy.version,
      },
      CulturalSafetyChecker: { status: "approved", reason: cultural.reason, score: cultural.score },
      CognitiveLoadEstimator: {
        status: cognitive.status,
        ...(cognitiveNote ? { note: cognitiveNote } : { estimated_load: cognitive.estimated_load }),
        warnings: cognitive.warnings,
        ...(adapted ? { adapted_complexity_level: artifact.complexity_level } : {}),
      },
    },
    warnings: [...new Set(warnings)],
  };
}
