import type { GeneratedArtifact, GenerationInput } from "@qrg/core";
import { hashBytes } from "@qrg/core";
import { deriveSymbols } from "./derive.ts";
import { MOCK_BUILDER_ID, renderContent } from "./render.ts";

/**
 * The mock's engine: symbols from sha256(seed) alone, rendered for the requested type and hashed under the
 * requested algorithm. `latencyMs` simulates a slow backend; the deadline's signal cuts it short.
 */
export function createMockEngine(latencyMs: number) {
  return async (input: GenerationInput, signal: AbortSignal): Promise<GeneratedArtifact> => {
    if (latencyMs > 0) await delay(latencyMs, signal);
    const { options } = input;
    const symbols = deriveSymbols(input.seed);
    const content = renderContent(options.artifact_type, symbols);
    const hash = hashBytes(options.hash_algorithm, content.bytes);
    return {
      type: options.artifact_type,
      content: content.bytes,
      content_type: content.content_type,
      hash_algorithm: options.hash_algorithm,
      hash,
      symbolic_payload: {
        tokens: symbols.tokens,
        affect_vector: symbols.affect_vector,
        metadata: {
          mock: true,
          generator: MOCK_BUILDER_ID,
          dimensionality: symbols.affect_vector.length,
          seed_digest: symbols.seedDigest,
        },
      },
      parts: [],
      animated: false,
      visible_texts: symbols.tokens,
      intent_words: [],
      warnings:
        options.entropy_source === "quantum_rng"
          ? ["mock adapter: quantum_rng requested; outputs are derived from sha256(seed) only"]
          : [],
      complexity_level: input.complexity_level ?? 0,
    };
  };
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
