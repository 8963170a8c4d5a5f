import { QRGError, QRGSafetyRejection } from "../errors.ts";
import type { GenerateCall } from "../ports/adapter.ts";
import type { GeneratedArtifact } from "../ports/artifact.ts";
import type { CognitiveOutcome, GateOutcome, InspectionInput } from "../ports/gate.ts";
import type { Deadline } from "./deadline.ts";
import { failClosed, recordOutcome } from "./gate-outcomes.ts";
import type { EngineInputs } from "./inputs.ts";
import type { ServiceConfig } from "./options.ts";
import { runGate } from "./run-gate.ts";

export interface Inspection {
  cultural: GateOutcome;
  cognitive: CognitiveOutcome;
  /** Set when the CognitiveLoadEstimator failed open: the response says the load was not estimated. */
  cognitiveNote?: string;
  ms: number;
}

export interface Inspected {
  artifact: GeneratedArtifact;
  inspection: Inspection;
  generationMs: number;
  inspectionMs: number;
}

/**
 * Generates, then inspects; while the CognitiveLoadEstimator asks to reduce (users below T4) the artifact is
 * regenerated at the next lower complexity, at most `maxComplexityReductions` times. A cultural rejection
 * ends the request.
 */
export async function generateAndInspect(
  config: ServiceConfig,
  call: GenerateCall,
  options: InspectionInput["options"],
  inputs: EngineInputs,
  deadline: Deadline,
): Promise<Inspected> {
  const { request, principal } = call;
  const { telemetry } = config;
  let artifact: GeneratedArtifact | undefined;
  let inspection: Inspection | undefined;
  let generationMs = 0;
  let inspectionMs = 0;
  for (let level = 0; level <= config.maxComplexityReductions; level++) {
    deadline.enter("generation");
    const g0 = performance.now();
    const generated = await telemetry.span("qrg.generate.artifact", { "qrg.complexity_level": level }, () =>
      deadline.race(
        // An engine that throws synchronously fails like one that rejects.
        Promise.resolve().then(() =>
          config.engine(
            {
              seed: request.seed,
              context: request.context ?? {},
              options,
              consciousness: inputs.consciousness,
              entropy: inputs.entropy,
              complexity_level: level,
            },
            deadline.signal,
          ),
        ),
      ),
    );
    artifact = generated;
    generationMs += performance.now() - g0;
    deadline.enter("inspection");
    inspection = await inspect(config, { request, options, principal, artifact: generated }, deadline);
    inspectionMs += inspection.ms;
    if (inspection.cultural.status === "rejected") {
      throw new QRGSafetyRejection(
        "CulturalSafetyChecker",
        inspection.cultural.rule_id ?? "unspecified",
        inspection.cultural.reason,
        inspection.cultural.score,
      );
    }
    if (inspection.cognitive.action !== "reduce") break;
  }
  if (!artifact || !inspection) throw new QRGError("internal_error", "generation produced no artifact");
  return { artifact, inspection, generationMs, inspectionMs };
}

/** CulturalSafetyChecker ∥ CognitiveLoadEstimator: the first fails closed, the second fails open. */
async function inspect(
  config: ServiceConfig,
  input: InspectionInput,
  deadline: Deadline,
): Promise<Inspection> {
  const { telemetry, gates, budgets } = config;
  const t0 = performance.now();
  const [culturalRun, cognitiveRun] = await telemetry.span(
    "qrg.generate.safety_checks",
    { "qrg.safety.phase": "inspection" },
    () =>
      Promise.all([
        telemetry.span("qrg.generate.safety_checks.CulturalSafetyChecker", {}, () =>
          runGate(gates.cultural, input, budgets.CulturalSafetyChecker, deadline),
        ),
        telemetry.span("qrg.generate.safety_checks.CognitiveLoadEstimator", {}, () =>
          runGate(gates.cognitive, input, budgets.CognitiveLoadEstimator, deadline),
        ),
      ]),
  );
  const cultural = failClosed(telemetry, culturalRun, "CulturalSafetyChecker");
  recordOutcome(telemetry, "CulturalSafetyChecker", cultural, input.request.user_id);
  telemetry.safetyGateOutcome("CognitiveLoadEstimator", cognitiveRun.ok ? "ok" : cognitiveRun.failure);
  if (cognitiveRun.ok) return { cultural, cognitive: cognitiveRun.outcome, ms: performance.now() - t0 };
  // The CognitiveLoadEstimator fails open: no estimate, no warning, and the response says so.
  const cognitiveNote = `CognitiveLoadEstimator ${cognitiveRun.failure === "timeout" ? "exceeded its budget" : "failed"}: load not estimated`;
  telemetry.logger.warn(
    {
      event: "gate_failed_open",
      gate: "CognitiveLoadEstimator",
      failure: cognitiveRun.failure,
      err: String(cognitiveRun.error),
    },
    cognitiveNote,
  );
  return {
    cultural,
    cognitive: { status: "approved", estimated_load: 0, warnings: [], action: "proceed" },
    cognitiveNote,
    ms: performance.now() - t0,
  };
}
