import type { QRGResponse } from "@qrg/schema";
import { QRGRequestSchema } from "@qrg/schema";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import {
  type ConsensusAgreement,
  type MeshConsensus,
  type MeshRoundInput,
  QRGConsensusError,
  QRGService,
  type QRGServiceOptions,
} from "../../src/index.ts";
import { ed25519Provenance, gates, MemoryArtifactStore, testEngine, urls } from "../../testing/index.ts";

const principal = { sub: "lid:abc123def456", tier: 4, consent: ["consciousness"] };
const request = (options: Record<string, unknown> = {}) =>
  QRGRequestSchema.parse({ ...readFixture<Record<string, unknown>>("example-request.json"), options });

interface Seen {
  input?: MeshRoundInput;
  agreedOn?: QRGResponse;
  storedBeforeAgree?: boolean;
  completed?: QRGResponse;
  abandoned?: unknown;
}

/** A mesh whose quorum answers `outcome` once asked to agree; it records what the service did. */
function mesh(store: MemoryArtifactStore, outcome: "agree" | Error, seen: Seen): MeshConsensus {
  return {
    begin(input) {
      seen.input = input;
      return {
        jobId: "job-1",
        async agree(response): Promise<ConsensusAgreement> {
          seen.agreedOn = response;
          seen.storedBeforeAgree = store.records.has(response.qrg_id);
          if (outcome !== "agree") throw outcome;
          return {
            required: true,
            participants: 3,
            agreement_score: 1,
            job_id: "job-1",
            certificate_ref: "https://qrg.test/cert",
            certificate: { signatures: [] },
          };
        },
        completed: (response) => {
          seen.completed = response;
        },
        abandon: (error) => {
          seen.abandoned = error;
        },
      };
    },
  };
}

function service(overrides: Partial<QRGServiceOptions>, store: MemoryArtifactStore) {
  return new QRGService({
    engine: testEngine,
    gates: gates(),
    provenance: ed25519Provenance(),
    store,
    urls,
    version: "0.1.0-test",
    ...overrides,
  });
}

describe("QRGService with mesh consensus", () => {
  it("hands the mesh the qrg_id and entropy up front, commits only after the quorum agreed, and says so", async () => {
    const store = new MemoryArtifactStore();
    const seen: Seen = {};
    const qrg = service({ consensus: mesh(store, "agree", seen) }, store);
    const response = await qrg.generate({
      request: request({ consensus_required: true, timeout_ms: 1000 }),
      principal,
    });
    expect(seen.input?.qrgId).toBe(response.qrg_id);
    expect(seen.input?.timeoutMs).toBe(3000);
    expect(seen.input?.entropy.requested).toBe("pseudo_rng");
    expect(seen.storedBeforeAgree).toBe(false);
    expect(seen.completed).toBe(response);
    expect(response.provenance.consensus).toMatchObject({ required: true, participants: 3, job_id: "job-1" });
    expect((await qrg.getArtifact(response.qrg_id))?.provenance.consensus).toEqual(
      response.provenance.consensus,
    );
  });

  it("stores nothing when the mesh does not agree, and tells the round", async () => {
    const store = new MemoryArtifactStore();
    const seen: Seen = {};
    const failure = new QRGConsensusError("consensus_failed", "1 of 3 agreed", {
      job_id: "job-1",
      participants: 3,
      agreement_score: 0.3333,
      dissenting: ["n2", "n3"],
    });
    const qrg = service({ consensus: mesh(store, failure, seen) }, store);
    await expect(qrg.generate({ request: request({ consensus_required: true }), principal })).rejects.toBe(
      failure,
    );
    expect(store.records.size).toBe(0);
    expect(seen.abandoned).toBe(failure);
    expect(seen.completed).toBeUndefined();
  });

  it("leaves requests without consensus_required alone", async () => {
    const store = new MemoryArtifactStore();
    const seen: Seen = {};
    const response = await service({ consensus: mesh(store, "agree", seen) }, store).generate({
      request: request(),
      principal,
    });
    expect(seen.input).toBeUndefined();
    expect(response.provenance.consensus).toBeUndefined();
  });
});
