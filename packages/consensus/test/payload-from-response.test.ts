import type { QRGResponse } from "@qrg/schema";
import { votePayloadDigest } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { rejectionVotePayload, votePayloadFromResponse } from "../src/payload-from-response.ts";

const hex = (c: string) => c.repeat(64);

function response(overrides: { qrgId?: string; policy?: string; buildTime?: string } = {}): QRGResponse {
  const qrgId = overrides.qrgId ?? "qrg:00000000-0000-4000-8000-000000000001";
  const statement = {
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ name: qrgId, digest: { sha256: hex("a") } }],
    predicate: {
      buildDefinition: {
        resolvedDependencies: [
          { uri: "urn:qrg:sbom:service", name: "service-sbom", digest: { sha256: hex("9") } },
          {
            uri: "urn:qrg:policy:1.0.0",
            name: "gate-policy",
            digest: { sha256: overrides.policy ?? hex("b") },
          },
          {
            uri: "urn:qrg:lexicon:/srv/a/lexicon.json",
            name: "/srv/a/lexicon.json",
            digest: { sha256: hex("c") },
          },
        ],
      },
      runDetails: { metadata: { startedOn: overrides.buildTime ?? "2026-01-01T00:00:00.000Z" } },
    },
  };
  return {
    qrg_id: qrgId,
    seed: "s",
    artifact: { type: "symbolic", location: "https://x.test/a", hash: `sha256:${hex("a")}` },
    safety: {
      status: "approved",
      gate_checks: {
        ConstitutionalGatekeeper: { status: "approved", score: 0.05 },
        CulturalSafetyChecker: { status: "approved", score: 0 },
        CognitiveLoadEstimator: { status: "approved", estimated_load: 0.4 },
      },
    },
    provenance: {
      builder_id: "node-1",
      build_time: overrides.buildTime ?? "2026-01-01T00:00:00.000Z",
      statement_b64: Buffer.from(JSON.stringify(statement)).toString("base64"),
    },
  };
}

describe("votePayloadFromResponse", () => {
  it("takes the artifact hash, gate verdicts, policy and lexicon digests and the subject", () => {
    expect(votePayloadFromResponse(response())).toEqual({
      outcome: "generated",
      artifact_hash: `sha256:${hex("a")}`,
      gates: {
        ConstitutionalGatekeeper: { status: "approved", score: 0.05 },
        CulturalSafetyChecker: { status: "approved", score: 0 },
        CognitiveLoadEstimator: { status: "approved", score: 0.4 },
      },
      policy_digest: `sha256:${hex("b")}`,
      lexicon_digests: [`sha256:${hex("c")}`],
      subject: [{ name: "qrg:00000000-0000-4000-8000-000000000001", digest: { sha256: hex("a") } }],
    });
  });

  it("agrees across nodes whose timing differs and disagrees when the policy differs", () => {
    const digest = (r: QRGResponse) => votePayloadDigest({ ...votePayloadFromResponse(r), job_id: "j" });
    expect(digest(response({ buildTime: "2026-02-02T00:00:00.000Z" }))).toBe(digest(response()));
    expect(digest(response({ policy: hex("d") }))).not.toBe(digest(response()));
  });

  it("refuses a response without a Statement", () => {
    const bare = response();
    delete bare.provenance.statement_b64;
    expect(() => votePayloadFromResponse(bare)).toThrow(/statement_b64/);
  });
});

describe("rejectionVotePayload", () => {
  it("names the rejecting gate and rule", () => {
    expect(
      rejectionVotePayload(
        { gate: "ConstitutionalGatekeeper", rule: "CG-3", score: 0.9 },
        { policyDigest: `sha256:${hex("b")}`, lexiconDigests: [`sha256:${hex("c")}`] },
      ),
    ).toEqual({
      outcome: "rejected",
      gates: { ConstitutionalGatekeeper: { status: "rejected", rule: "CG-3", score: 0.9 } },
      policy_digest: `sha256:${hex("b")}`,
      lexicon_digests: [`sha256:${hex("c")}`],
    });
  });
});
