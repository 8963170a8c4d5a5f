// Generation engine throughput: `node packages/engine/bench/engine.bench.ts [seconds]`. Prints ops/s and the
// mean time per artifact for each artifact type, with a fresh seed per generation (pseudo_rng, adapted
// consciousness state, a short intent), after a warm-up so the JIT has settled.

import type { GenerationInput } from "@qrg/core";
import type { RequestOptions } from "@qrg/schema";
import { generateArtifact } from "../src/index.ts";

const seconds = Number(process.argv[2] ?? 2);
const types = ["symbolic", "visual", "audio", "multimodal"] as const;

const input = (i: number, artifactType: (typeof types)[number]): GenerationInput => ({
  seed: `bench-seed-${i.toString().padStart(10, "0")}`,
  context: {
    intent: "a calm lantern over the evening tide",
    cultural_context: {
      languages: ["en", "es"],
      regions: ["US", "MX"],
      accessibility_needs: ["high_contrast"],
    },
  },
  options: {
    entropy_source: "pseudo_rng",
    consensus_required: false,
    timeout_ms: 5000,
    artifact_type: artifactType,
    signature_algorithm: "ed25519",
    hash_algorithm: "sha256",
  } satisfies RequestOptions,
  consciousness: {
    mode: "adapted",
    state: { emotional_valence: 0.7, cognitive_load: 0.3, attention_focus: 0.8 },
  },
  entropy: { requested: "pseudo_rng", source: "pseudo_rng" },
});

for (const type of types) {
  for (let i = 0; i < 300; i++) generateArtifact(input(i, type));
  const budget = type === "symbolic" ? seconds : seconds / 2;
  const start = performance.now();
  const deadline = start + budget * 1000;
  let ops = 0;
  while (performance.now() < deadline) {
    for (let j = 0; j < 50; j++) generateArtifact(input(1000 + ops + j, type));
    ops += 50;
  }
  const elapsed = (performance.now() - start) / 1000;
  const rate = ops / elapsed;
  console.log(
    `engine ${type.padEnd(10)} ${rate.toFixed(0).padStart(7)} ops/s  ${((elapsed / ops) * 1000).toFixed(3)} ms/op`,
  );
}
