// Small, real implementations of the ports for exercising the orchestrator in isolation. The production
// implementations (@qrg/gates, @qrg/provenance, @qrg/storage) are tested in their packages and together
// in apps/api.
import { createHash, generateKeyPairSync, sign, verify } from "node:crypto";
import type {
  ArtifactStore,
  CognitiveOutcome,
  CommitEntry,
  ConstitutionalOutcome,
  GateOutcome,
  ProvenanceService,
  SafetyGate,
  SafetyGateSet,
  StoredRecord,
  UrlBuilder,
} from "../../src/index.ts";

export const urls: UrlBuilder = {
  artifactContent: (id) => `http://qrg.test/api/v1/qrg/artifacts/${id}/content`,
  attestation: (id) => `http://qrg.test/api/v1/qrg/attestations/${id}`,
  key: (id) => `http://qrg.test/api/v1/qrg/keys/${id}`,
  sbom: (d) => `http://qrg.test/api/v1/qrg/sbom/${d}`,
};

const policy = { version: "test-1", digest: `sha256:${"0".repeat(64)}` };

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

export class MemoryStore implements ArtifactStore {
  readonly records = new Map<string, StoredRecord>();
  readonly content = new Map<string, Uint8Array>();
  readonly attestations = new Map<string, Uint8Array>();
  commitDelayMs = 0;
  healthy = true;

  async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
    this.content.set(entry.content_hash, entry.content);
    this.attestations.set(entry.qrg_id, entry.attestation);
    if (this.commitDelayMs) await new Promise((r) => setTimeout(r, this.commitDelayMs));
    if (signal.aborted) {
      this.attestations.delete(entry.qrg_id);
      throw signal.reason;
    }
    this.records.set(entry.qrg_id, entry.record);
  }
  async getRecord(id: string) {
    return this.records.get(id);
  }
  async getContent(hash: string) {
    return this.content.get(hash);
  }
  async getAttestation(id: string) {
    return this.attestations.get(id);
  }
  async putSbom() {}
  async getSbom() {
    return undefined;
  }
  async health() {
    return this.healthy ? ("ok" as const) : ("error" as const);
  }
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
