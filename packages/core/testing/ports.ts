// Small, real implementations of the ports for exercising the orchestrator in isolation. The production
// implementations (@qrg/gates, @qrg/provenance, @qrg/storage) are tested in their packages and together
// in apps/api, whose tests replace single ports with these.
import { createHash, generateKeyPairSync, sign, verify } from "node:crypto";
import type {
  CognitiveOutcome,
  ConstitutionalOutcome,
  GateOutcome,
  ProvenanceService,
  SafetyGate,
  SafetyGateSet,
  UrlBuilder,
} from "../src/index.ts";

/** Links under http://qrg.test/api/v1/qrg/. */
export const urls: UrlBuilder = {
  artifactContent: (id) => `http://qrg.test/api/v1/qrg/artifacts/${id}/content`,
  attestation: (id) => `http://qrg.test/api/v1/qrg/attestations/${id}`,
  key: (id) => `http://qrg.test/api/v1/qrg/keys/${id}`,
  sbom: (d) => `http://qrg.test/api/v1/qrg/sbom/${d}`,
};

const policy = { version: "test-1", digest: `sha256:${"0".repeat(64)}` };

/** A gate that is always ready and answers with `evaluate`. */
export function gate<I, O>(
  name: SafetyGate<I, O>["name"],
  evaluate: (input: I, signal: AbortSignal) => Promise<O>,
): SafetyGate<I, O> {
  return { name, evaluate, ready: () => true };
}

export const approve = (): ConstitutionalOutcome => ({
  status: "approved",
  reason: "Passes all constitutional principles",
  score: 1,
  warnings: [],
  policy,
  consciousness: "allowed",
});

export const culturalOk = (): GateOutcome => ({
  status: "approved",
  reason: "No cultural violations detected",
  score: 0.99,
  warnings: [],
});
export const cognitiveOk = (): CognitiveOutcome => ({
  status: "approved",
  estimated_load: 0.3,
  warnings: [],
  action: "proceed",
});

/** Gates that approve everything; the gatekeeper grants consciousness adaptation on consent. */
export function gates(overrides: Partial<SafetyGateSet> = {}): SafetyGateSet {
  return {
    // Like the real gatekeeper, consent decides whether consciousness adaptation is allowed.
    constitutional: gate(
      "ConstitutionalGatekeeper",
      async (input: { principal: { consent: readonly string[] } }) => ({
        ...approve(),
        consciousness: input.principal.consent.includes("consciousness")
          ? ("allowed" as const)
          : ("no_consent" as const),
      }),
    ),
    cultural: gate("CulturalSafetyChecker", async () => culturalOk()),
    cognitive: gate("CognitiveLoadEstimator", async () => cognitiveOk()),
    ...overrides,
  };
}

/** A gate that never answers until its signal aborts. */
export function hangingGate<I, O>(name: SafetyGate<I, O>["name"]): SafetyGate<I, O> {
  return gate(
    name,
    (_input, signal) =>
      new Promise<O>((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
  );
}

/** Ed25519 over the artifact hash and qrg_id: enough to prove the orchestrator wires signing and verification. */
export function ed25519Provenance(): ProvenanceService & { healthy: boolean } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const keyId = createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
  const message = (id: string, hash: string) => Buffer.from(`${id}\n${hash}`);
  const service = {
    healthy: true,
    async attest(input: Parameters<ProvenanceService["attest"]>[0]) {
      const signature = sign(null, message(input.qrg_id, input.artifact.hash), privateKey).toString("base64");
      return {
        provenance: {
          builder_id: "qrg-core-test",
          build_time: input.finished_on.toISOString(),
          attestation_ref: input.urls.attestation(input.qrg_id),
          slsa_level: 1,
          signature: {
            algorithm: "ed25519" as const,
            public_key_ref: input.urls.key(keyId),
            signature_b64: signature,
          },
        },
        document: new TextEncoder().encode(JSON.stringify({ signature })),
        warnings: [],
      };
    },
    async verify(input: Parameters<ProvenanceService["verify"]>[0]) {
      const sig = Buffer.from(input.response.provenance.signature?.signature_b64 ?? "", "base64");
      const ok = verify(null, message(input.response.qrg_id, input.response.artifact.hash), publicKey, sig);
      return { signature_valid: ok, provenance_verified: ok, checks: [] };
    },
    async listKeys() {
      return [];
    },
    sbom: () => undefined,
    async health() {
      return service.healthy ? ("ok" as const) : ("error" as const);
    },
  };
  return service;
}
