import { createHash } from "node:crypto";
import type { GeneratedArtifact, GenerationInput } from "../src/index.ts";
import { canonicalJsonBytes, hashBytes } from "../src/index.ts";

const WORDS = ["aurora", "lattice", "prism", "harbor", "ember", "tide", "lumen", "orbit"] as const;

/**
 * A small deterministic engine for exercising the orchestrator without @qrg/engine (which depends on this
 * package). Same input (timeout_ms aside), same bytes; every artifact type is rendered as one canonical JSON
 * document. It reports what went in — consciousness mode, entropy source, complexity level — in the
 * metadata, each complexity level drops a token, and it warns when quantum_rng fell back to the OS CSPRNG,
 * as the real engine does.
 */
export function testEngine(input: GenerationInput): GeneratedArtifact {
  const level = input.complexity_level ?? 0;
  const { timeout_ms: _deadline, ...options } = input.options;
  const digest = createHash("sha256")
    .update(
      canonicalJsonBytes({
        seed: input.seed,
        context: input.context,
        options,
        consciousness: input.consciousness,
        entropy: {
          source: input.entropy.source,
          bytes: input.entropy.bytes ? Buffer.from(input.entropy.bytes).toString("hex") : null,
        },
      }),
    )
    .digest();
  const tokens = Array.from({ length: Math.max(1, 6 - level) }, (_, i) => WORDS[digest[i]! % WORDS.length]!);
  const affect_vector = Array.from({ length: 3 }, (_, i) => Math.round((digest[8 + i]! / 255) * 100) / 100);
  const metadata = {
    generator: "qrg-core-test-engine",
    consciousness: input.consciousness.mode,
    entropy_source: input.entropy.source,
    complexity_level: level,
  };
  const content = canonicalJsonBytes({ tokens, affect_vector, metadata });
  const hash = hashBytes(options.hash_algorithm, content);
  const fellBack = input.entropy.requested === "quantum_rng" && input.entropy.source !== "quantum_rng";
  return {
    type: options.artifact_type,
    content,
    content_type: "application/json",
    hash_algorithm: options.hash_algorithm,
    hash,
    symbolic_payload: { tokens, affect_vector, metadata },
    parts: [{ kind: "symbolic", content_type: "application/json", bytes: content, digest: hash }],
    animated: false,
    visible_texts: tokens,
    intent_words: [],
    warnings: fellBack ? ["quantum_rng requested: no quantum source, the OS CSPRNG was used"] : [],
    complexity_level: level,
  };
}
