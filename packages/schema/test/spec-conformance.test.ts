import { describe, expect, it } from "vitest";
import { z } from "zod";
import { QRGRequestSchema, QRGResponseSchema, ValidateRequestSchema } from "../src/index.ts";
import {
  compileJsonSchema,
  readFixture,
  specRequestValidator,
  specResponseValidator,
} from "../testing/index.ts";

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);
const exampleRequest = readFixture<Json>("example-request.json");
const exampleResponse = readFixture<Json>("example-response.json");

/** Applies `mutate` to a deep copy of `base`. */
function variant(base: Json, mutate: (v: Json & Record<string, any>) => void): Json {
  const copy = clone(base);
  mutate(copy as Json & Record<string, any>);
  return copy;
}

const requestVariants: Array<[string, Json]> = [
  ["the spec's example", exampleRequest],
  ["a minimal request", { user_id: "lid:abc", seed: "0123456789abcdef" }],
  ["a user_id without lid:", variant(exampleRequest, (v) => (v.user_id = "abc123"))],
  ["a user_id with a space", variant(exampleRequest, (v) => (v.user_id = "lid:abc 123"))],
  ["a seed of 15 characters", variant(exampleRequest, (v) => (v.seed = "a".repeat(15)))],
  ["a seed of 16 characters", variant(exampleRequest, (v) => (v.seed = "a".repeat(16)))],
  ["a seed of 256 characters", variant(exampleRequest, (v) => (v.seed = "a".repeat(256)))],
  ["a seed of 257 characters", variant(exampleRequest, (v) => (v.seed = "a".repeat(257)))],
  ["a seed of 16 emoji", variant(exampleRequest, (v) => (v.seed = "🌊".repeat(16)))],
  ["a seed of 8 emoji", variant(exampleRequest, (v) => (v.seed = "🌊".repeat(8)))],
  ["a numeric seed", variant(exampleRequest, (v) => (v.seed = 1234567890123456))],
  ["a missing seed", variant(exampleRequest, (v) => delete v.seed)],
  ["a missing user_id", variant(exampleRequest, (v) => delete v.user_id)],
  [
    "valence above 1",
    variant(exampleRequest, (v) => (v.context.consciousness_state.emotional_valence = 1.01)),
  ],
  ["valence at -1", variant(exampleRequest, (v) => (v.context.consciousness_state.emotional_valence = -1))],
  ["negative load", variant(exampleRequest, (v) => (v.context.consciousness_state.cognitive_load = -0.1))],
  [
    "focus as a string",
    variant(exampleRequest, (v) => (v.context.consciousness_state.attention_focus = "0.5")),
  ],
  ["tier 0", variant(exampleRequest, (v) => (v.context.tier_level = 0))],
  ["tier 6", variant(exampleRequest, (v) => (v.context.tier_level = 6))],
  ["tier 2.5", variant(exampleRequest, (v) => (v.context.tier_level = 2.5))],
  ["languages not an array", variant(exampleRequest, (v) => (v.context.cultural_context.languages = "en"))],
  ["a numeric region", variant(exampleRequest, (v) => (v.context.cultural_context.regions = [1]))],
  ["an unknown entropy source", variant(exampleRequest, (v) => (v.options.entropy_source = "dice"))],
  ["quantum_rng", variant(exampleRequest, (v) => (v.options.entropy_source = "quantum_rng"))],
  ["timeout 99", variant(exampleRequest, (v) => (v.options.timeout_ms = 99))],
  ["timeout 30001", variant(exampleRequest, (v) => (v.options.timeout_ms = 30001))],
  ["timeout 30000", variant(exampleRequest, (v) => (v.options.timeout_ms = 30000))],
  ["consensus as a string", variant(exampleRequest, (v) => (v.options.consensus_required = "yes"))],
  ["context not an object", variant(exampleRequest, (v) => (v.context = "calm"))],
];

/**
 * Requests the spec's schema accepts and ours deliberately refuses: unknown fields, which would otherwise
 * be signed into attestations and stored for ever.
 */
const stricterThanSpec: Array<[string, Json]> = [
  ["extra context keys", variant(exampleRequest, (v) => (v.context.mood = { any: "thing" }))],
  ["extra top-level keys", variant(exampleRequest, (v) => (v.padding = "x".repeat(100)))],
  ["extra option keys", variant(exampleRequest, (v) => (v.options.debug = true))],
  [
    "extra consciousness_state keys",
    variant(exampleRequest, (v) => (v.context.consciousness_state.deep = [[[1]]])),
  ],
];

const responseVariants: Array<[string, Json]> = [
  ["the spec's example", exampleResponse],
  ["a qrg_id with uppercase hex", variant(exampleResponse, (v) => (v.qrg_id = "qrg:ABC"))],
  ["a qrg_id without prefix", variant(exampleResponse, (v) => (v.qrg_id = "550e8400"))],
  ["an unknown artifact type", variant(exampleResponse, (v) => (v.artifact.type = "hologram"))],
  ["a hash with an unknown algorithm", variant(exampleResponse, (v) => (v.artifact.hash = "md5:abcd"))],
  ["a blake3 hash", variant(exampleResponse, (v) => (v.artifact.hash = `blake3:${"a".repeat(64)}`))],
  ["a relative location", variant(exampleResponse, (v) => (v.artifact.location = "not a uri"))],
  ["negative size", variant(exampleResponse, (v) => (v.artifact.size_bytes = -1))],
  ["safety status unknown", variant(exampleResponse, (v) => (v.safety.status = "maybe"))],
  [
    "a flagged constitutional check",
    variant(exampleResponse, (v) => (v.safety.gate_checks.ConstitutionalGatekeeper.status = "flagged")),
  ],
  [
    "a cognitive load of 1.2",
    variant(exampleResponse, (v) => (v.safety.gate_checks.CognitiveLoadEstimator.estimated_load = 1.2)),
  ],
  ["a missing builder_id", variant(exampleResponse, (v) => delete v.provenance.builder_id)],
  ["a bad build_time", variant(exampleResponse, (v) => (v.provenance.build_time = "yesterday"))],
  ["slsa level 5", variant(exampleResponse, (v) => (v.provenance.slsa_level = 5))],
  ["signature algorithm rsa", variant(exampleResponse, (v) => (v.provenance.signature.algorithm = "rsa"))],
  [
    "signature algorithm dilithium5",
    variant(exampleResponse, (v) => (v.provenance.signature.algorithm = "dilithium5")),
  ],
  ["a fractional time metric", variant(exampleResponse, (v) => (v.metrics.total_time_ms = 1.5))],
  ["a missing safety block", variant(exampleResponse, (v) => delete v.safety)],
  ["affect vector of strings", variant(exampleResponse, (v) => (v.symbolic_payload.affect_vector = ["a"]))],
];

describe("QRGRequestSchema", () => {
  it("parses the spec's example request and applies option defaults", () => {
    const parsed = QRGRequestSchema.parse(exampleRequest);
    expect(parsed.user_id).toBe("lid:abc123def456");
    expect(parsed.options).toMatchObject({ artifact_type: "symbolic", hash_algorithm: "sha256" });
    expect(parsed.options?.signature_algorithm).toBeUndefined();
  });

  it.each(requestVariants)("agrees with the spec's JSON Schema on %s", (_name, candidate) => {
    expect(QRGRequestSchema.safeParse(candidate).success).toBe(specRequestValidator()(candidate));
  });

  it.each(requestVariants)(
    "generates a JSON Schema that agrees with the spec's on %s",
    (_name, candidate) => {
      const ours = compileJsonSchema(z.toJSONSchema(QRGRequestSchema, { io: "input", target: "draft-7" }));
      expect(ours(candidate)).toBe(specRequestValidator()(candidate));
    },
  );

  it.each(stricterThanSpec)(
    "refuses %s, which the spec's schema allows, naming the field",
    (_name, candidate) => {
      expect(specRequestValidator()(candidate)).toBe(true);
      const parsed = QRGRequestSchema.safeParse(candidate);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ code: "unrecognized_keys" });
      const ours = compileJsonSchema(z.toJSONSchema(QRGRequestSchema, { io: "input", target: "draft-7" }));
      expect(ours(candidate)).toBe(false);
    },
  );

  it("rejects an intent longer than 500 characters", () => {
    const long = variant(exampleRequest, (v) => (v.context.intent = "x".repeat(501)));
    expect(QRGRequestSchema.safeParse(long).success).toBe(false);
  });

  it("rejects unknown extension values", () => {
    for (const [key, value] of [
      ["artifact_type", "hologram"],
      ["signature_algorithm", "rsa"],
      ["hash_algorithm", "md5"],
    ] as const) {
      const bad = variant(exampleRequest, (v) => (v.options[key] = value));
      expect(QRGRequestSchema.safeParse(bad).success, key).toBe(false);
    }
  });
});

describe("QRGResponseSchema", () => {
  it("parses the spec's example response", () => {
    expect(QRGResponseSchema.safeParse(exampleResponse).success).toBe(true);
  });

  it.each(responseVariants)("agrees with the spec's JSON Schema on %s", (_name, candidate) => {
    expect(QRGResponseSchema.safeParse(candidate).success).toBe(specResponseValidator()(candidate));
  });

  it.each(responseVariants)(
    "generates a JSON Schema that agrees with the spec's on %s",
    (_name, candidate) => {
      const ours = compileJsonSchema(z.toJSONSchema(QRGResponseSchema, { io: "output", target: "draft-7" }));
      expect(ours(candidate)).toBe(specResponseValidator()(candidate));
    },
  );
});

describe("ValidateRequestSchema", () => {
  it("needs a qrg_id and an alg:hex expected_hash", () => {
    expect(
      ValidateRequestSchema.safeParse({ qrg_id: "qrg:1", expected_hash: `sha256:${"a".repeat(64)}` }).success,
    ).toBe(true);
    expect(ValidateRequestSchema.safeParse({ qrg_id: "qrg:1", expected_hash: "sha256:zz" }).success).toBe(
      false,
    );
  });
});
