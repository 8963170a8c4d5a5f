import { createHash } from "node:crypto";

/** The mock's token vocabulary: neutral words, so no consumer test trips on a real safety gate's word list. */
const VOCABULARY = [
  "aurora",
  "lattice",
  "resonance",
  "emergence",
  "harbor",
  "prism",
  "meridian",
  "cascade",
  "ember",
  "tide",
  "lumen",
  "orbit",
  "quartz",
  "sonnet",
  "vector",
  "willow",
  "zenith",
  "atlas",
  "beacon",
  "cipher",
  "delta",
  "echo",
  "fable",
  "glyph",
  "horizon",
  "iris",
  "juniper",
  "kite",
  "lantern",
  "mosaic",
  "nebula",
  "opal",
] as const;

export interface MockSymbols {
  /** `sha256:hex` of the seed: the only input of the mock's outputs. */
  seedDigest: string;
  tokens: string[];
  affect_vector: number[];
  /** A load estimate in [0, 1] derived like the rest, for the CognitiveLoadEstimator block. */
  estimated_load: number;
}

/**
 * Deterministic symbols from sha256(seed): 4-7 tokens picked by successive digest bytes and a
 * 4-dimensional affect vector of bytes scaled to [0, 1] (three decimals). Same seed, same symbols.
 */
export function deriveSymbols(seed: string): MockSymbols {
  const digest = createHash("sha256").update(seed, "utf8").digest();
  const count = 4 + (digest[0]! % 4);
  const tokens = Array.from({ length: count }, (_, i) => VOCABULARY[digest[1 + i]! % VOCABULARY.length]!);
  const affect_vector = Array.from(
    { length: 4 },
    (_, i) => Math.round((digest[16 + i]! / 255) * 1000) / 1000,
  );
  const estimated_load = Math.round((count / 20 + (digest[31]! / 255) * 0.2) * 1000) / 1000;
  return { seedDigest: `sha256:${digest.toString("hex")}`, tokens, affect_vector, estimated_load };
}
