import { canonicalJsonBytes, hashBytes } from "@qrg/core";
import { fromBase64, ProvenanceStatementSchema, parseAttestationDocument } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import {
  minimisedRequestDigest,
  minimiseRequest,
  ownerDigest,
} from "../../src/attestation/redact-request.ts";
import { buildProvenanceStatement } from "../../src/attestation/statement.ts";
import { createProvenanceService } from "../../src/service.ts";
import { generateTestKey, memoryKeyRing } from "../../testing/test-keys.ts";
import { POLICY, SEED, scenario } from "../service/fixtures.ts";

function params(hashAlgorithm: "sha256" | "sha3-256" | "blake3" = "sha256") {
  const { input } = scenario("ed25519", { hashAlgorithm, qrgId: "qrg:550e8400-e29b-41d4-a716-446655440000" });
  return {
    qrgId: input.qrg_id,
    artifact: input.artifact,
    request: input.request,
    options: input.options,
    builderId: "qrg-service-test",
    generatorVersion: "0.1.0",
    startedOn: input.started_on,
    finishedOn: input.finished_on,
    policy: POLICY,
    sbomDigest: `sha256:${"11".repeat(32)}`,
    lexiconDigests: [{ name: "slurs-en", digest: `sha256:${"22".repeat(32)}` }],
  };
}

describe("buildProvenanceStatement", () => {
  it("builds an in-toto Statement v1 whose subject is the artifact digest and predicate SLSA provenance v1", () => {
    const p = params();
    const statement = buildProvenanceStatement(p);
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    expect(statement.predicateType).toBe("https://slsa.dev/provenance/v1");
    expect(statement.subject).toEqual([
      { name: p.qrgId, digest: { sha256: p.artifact.hash.slice("sha256:".length) } },
    ]);
    expect(statement.predicate.buildDefinition.buildType).toBe("https://qrg.dev/build-types/generate/v1");
    expect(statement.predicate.runDetails).toEqual({
      builder: { id: "qrg-service-test" },
      metadata: {
        invocationId: p.qrgId,
        startedOn: p.startedOn.toISOString(),
        finishedOn: p.finishedOn.toISOString(),
      },
    });
    expect(ProvenanceStatementSchema.safeParse(JSON.parse(JSON.stringify(statement))).success).toBe(true);
  });

  it.each([
    ["sha256", "sha256"],
    ["sha3-256", "sha3-256"],
    ["blake3", "blake3"],
  ] as const)("names a %s artifact digest %s in the subject", (algorithm, name) => {
    const statement = buildProvenanceStatement(params(algorithm));
    expect(Object.keys(statement.subject[0]!.digest)).toEqual([name]);
  });

  it("carries no personal field in the clear: only owner, seed and request digests", () => {
    const p = params();
    const statement = buildProvenanceStatement(p);
    const request = statement.predicate.buildDefinition.externalParameters.request;
    expect(Object.keys(request).sort()).toEqual(
      p.request.context?.tier_level === undefined
        ? ["owner_digest", "request_digest", "seed_digest"]
        : ["owner_digest", "request_digest", "seed_digest", "tier_level"],
    );
    expect(request.seed_digest).toBe(hashBytes("sha256", new TextEncoder().encode(SEED)));
    expect(request.owner_digest).toBe(ownerDigest(p.qrgId, "lid:alice_01"));
    expect(request.owner_digest).not.toBe(ownerDigest("qrg:other", "lid:alice_01"));
    expect(request.request_digest).toBe(minimisedRequestDigest(p.request));
    const text = JSON.stringify(statement);
    for (const personal of ["lid:alice_01", "calm ocean", SEED]) expect(text).not.toContain(personal);
  });

  it("lets the owner recompute request_digest, with the intent entering only as a digest", () => {
    const p = params();
    const minimised = minimiseRequest(p.request) as { context?: Record<string, unknown> };
    expect(minimised).not.toHaveProperty("seed");
    expect(minimised.context).not.toHaveProperty("intent");
    expect(minimised.context?.intent_digest).toBe(
      hashBytes("sha256", new TextEncoder().encode("calm ocean")),
    );
    const otherIntent = { ...p.request, context: { ...p.request.context, intent: "storm" } };
    expect(minimisedRequestDigest(otherIntent)).not.toBe(minimisedRequestDigest(p.request));
  });

  it("lists the SBOM, the gate policy and the lexicons as resolved dependencies", () => {
    const statement = buildProvenanceStatement(params());
    expect(statement.predicate.buildDefinition.resolvedDependencies).toEqual([
      { uri: "urn:qrg:sbom", name: "service-sbom", digest: { sha256: "11".repeat(32) } },
      { uri: `urn:qrg:policy:${POLICY.version}`, name: "gate-policy", digest: { sha256: "ab".repeat(32) } },
      { uri: "urn:qrg:lexicon:slurs-en", name: "slurs-en", digest: { sha256: "22".repeat(32) } },
    ]);
  });

  it("records the generator version, resolved options and artifact descriptor as internal parameters", () => {
    const p = params();
    const internal = buildProvenanceStatement(p).predicate.buildDefinition.internalParameters;
    expect(internal.generator_version).toBe("0.1.0");
    expect(internal.options.signature_algorithm).toBe("ed25519");
    expect(internal.artifact).toEqual({
      type: "symbolic",
      content_type: "application/json",
      size_bytes: p.artifact.size_bytes,
    });
  });

  it("serialises to the same canonical bytes however the request's keys were ordered", () => {
    const p = params();
    const reordered = {
      ...p,
      request: Object.fromEntries(Object.entries(p.request).reverse()) as typeof p.request,
    };
    expect(canonicalJsonBytes(buildProvenanceStatement(reordered))).toEqual(
      canonicalJsonBytes(buildProvenanceStatement(p)),
    );
  });
});

describe("the attestation document", () => {
  it("never carries the raw seed, neither in its bytes nor in any decoded payload", async () => {
    const provenance = createProvenanceService({
      keyRing: memoryKeyRing([generateTestKey("ed25519"), generateTestKey("ml-dsa-87")]),
      builderId: "b",
      generatorVersion: "1",
    });
    const { input } = scenario("hybrid");
    const { document, provenance: block } = await provenance.attest(input, new AbortController().signal);
    const text = new TextDecoder().decode(document);
    expect(text).not.toContain(SEED);
    const parsed = parseAttestationDocument(document);
    const payloads = [
      parsed.bundle!.dsseEnvelope!.payload,
      ...parsed.envelopes.map((e) => e.payload),
      block.statement_b64!,
    ];
    for (const payload of payloads) {
      const decoded = new TextDecoder().decode(fromBase64(payload)!);
      expect(decoded).toContain("seed_digest");
      expect(decoded).not.toContain(SEED);
    }
  });
});
