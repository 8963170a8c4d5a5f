import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyArtifact } from "@qrg/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeSignWorkers } from "../../src/algorithms/sign-worker-pool.ts";
import { createFileKeyRing, type FileKeyRing } from "../../src/keys/file-key-ring.ts";
import { createProvenanceService } from "../../src/service.ts";
import { responseFor, scenario } from "./fixtures.ts";

// The service over the real file key ring: encrypted key files in a temp dir, ML-DSA-87 on sign workers.
let dir: string;
let keyRing: FileKeyRing;
let now = new Date("2025-11-10T15:30:00Z");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qrg-prov-ring-"));
  keyRing = createFileKeyRing({
    dataDir: dir,
    scrypt: { N: 1024, r: 8, p: 1 },
    clock: () => now,
    offload: true,
  });
});

afterAll(async () => {
  await closeSignWorkers();
  await rm(dir, { recursive: true, force: true });
});

const signal = new AbortController().signal;

describe("the provenance service on the file key ring", () => {
  it("signs hybrid with file-held keys (SLSA level 1) that verify against the ring's published keys", async () => {
    const service = createProvenanceService({ keyRing, builderId: "b", generatorVersion: "1" });
    const { input, content } = scenario("hybrid", { finishedOn: now });
    const attestation = await service.attest(input, signal);
    expect(attestation.provenance.slsa_level).toBe(1);
    const report = verifyArtifact({
      response: responseFor(input, attestation.provenance),
      content,
      attestation: attestation.document,
      trust: { keys: await keyRing.list() },
      policy: "hybrid",
    });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("keeps an artifact valid after rotation while new artifacts use the new key", async () => {
    const service = createProvenanceService({ keyRing, builderId: "b", generatorVersion: "1" });
    const before = scenario("ed25519", { finishedOn: now });
    const old = await service.attest(before.input, signal);
    now = new Date("2025-12-01T00:00:00Z");
    await keyRing.rotate("ed25519");
    const after = scenario("ed25519", { finishedOn: new Date("2025-12-01T00:00:01Z") });
    const fresh = await service.attest(after.input, signal);
    expect(fresh.provenance.signature?.public_key_ref).not.toBe(old.provenance.signature?.public_key_ref);

    const trust = { keys: await keyRing.list() };
    const oldReport = verifyArtifact({
      response: responseFor(before.input, old.provenance),
      content: before.content,
      trust,
    });
    expect(oldReport.valid).toBe(true);
    expect(oldReport.checks.find((c) => c.name === "signature.ed25519")?.detail).toContain("retired");
    const freshReport = verifyArtifact({
      response: responseFor(after.input, fresh.provenance),
      content: after.content,
      trust,
    });
    expect(freshReport.valid).toBe(true);
  });
});
