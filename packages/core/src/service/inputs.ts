import type { RequestOptions } from "@qrg/schema";
import type { GenerateCall } from "../ports/adapter.ts";
import type { ConsciousnessInput, EntropyUsed } from "../ports/artifact.ts";
import type { ConstitutionalOutcome } from "../ports/gate.ts";
import type { Deadline } from "./deadline.ts";
import type { ServiceConfig } from "./options.ts";

export interface EngineInputs {
  consciousness: ConsciousnessInput;
  entropy: EntropyUsed;
}

/** What the engine needs besides the request: consciousness (consent and flag permitting) and entropy. */
export async function resolveInputs(
  config: ServiceConfig,
  request: GenerateCall["request"],
  options: RequestOptions,
  constitutional: ConstitutionalOutcome,
  deadline: Deadline,
): Promise<EngineInputs> {
  deadline.enter("consciousness");
  const consciousness = await resolveConsciousness(config, request, constitutional, deadline);
  deadline.enter("entropy");
  const entropy = await resolveEntropy(config, options, deadline);
  return { consciousness, entropy };
}

async function resolveConsciousness(
  config: ServiceConfig,
  request: GenerateCall["request"],
  constitutional: ConstitutionalOutcome,
  deadline: Deadline,
): Promise<ConsciousnessInput> {
  const { telemetry } = config;
  let input: ConsciousnessInput;
  if (!config.consciousnessEnabled) input = { mode: "disabled" };
  else if (constitutional.consciousness === "no_consent") input = { mode: "no_consent" };
  else {
    try {
      const declared = request.context?.consciousness_state;
      const state = await deadline.race(
        config.consciousness.resolve(
          { user_id: request.user_id, ...(declared ? { declared } : {}) },
          deadline.signal,
        ),
      );
      input = state ? { mode: "adapted", state } : { mode: "unavailable" };
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.signal.reason;
      telemetry.logger.warn(
        { event: "consciousness_unavailable", provider: config.consciousness.name, err: String(error) },
        "consciousness provider unavailable: generating without adaptation",
      );
      input = { mode: "unavailable" };
    }
  }
  if (input.mode !== "adapted") telemetry.consciousnessDisabled(input.mode);
  return input;
}

async function resolveEntropy(
  config: ServiceConfig,
  options: RequestOptions,
  deadline: Deadline,
): Promise<EntropyUsed> {
  if (options.entropy_source === "pseudo_rng") return { requested: "pseudo_rng", source: "pseudo_rng" };
  const source = config.entropy;
  const bytes = await deadline.race(source.read(32, deadline.signal));
  const used: EntropyUsed = {
    requested: "quantum_rng",
    source: source.kind === "quantum" ? "quantum_rng" : "os_csprng",
    bytes,
  };
  if (used.source !== "quantum_rng") {
    config.telemetry.logger.warn(
      { event: "entropy_fallback", requested: "quantum_rng", used: used.source, source: source.name },
      "no quantum entropy source: OS CSPRNG used for quantum_rng",
    );
  }
  return used;
}
