import { hashBytes } from "@qrg/core";
import { HealthSchema, PublicKeySchema } from "@qrg/schema";
import { describe, expect, it } from "vitest";
import { MemoryArtifactStore, MOCK_TEST_KEY_SEED_HEX, MockQRGAdapter, mockTestKey } from "../src/index.ts";
import { call } from "./helpers/calls.ts";

describe("MockQRGAdapter reads", () => {
  it("serves back the response, content and attestation it generated", async () => {
    const adapter = new MockQRGAdapter();
    const response = await adapter.generate(call());
    expect(await adapter.getArtifact(response.qrg_id)).toEqual(response);
    const content = await adapter.getContent(response.qrg_id);
    expect(content).toMatchObject({ content_type: "application/json", hash: response.artifact.hash });
    expect(hashBytes("sha256", content!.bytes)).toBe(response.artifact.hash);

    const envelope = JSON.parse(
      Buffer.from((await adapter.getAttestation(response.qrg_id))!).toString("utf8"),
    );
    expect(envelope.payloadType).toBe("application/vnd.in-toto+json");
    expect(envelope.payload).toBe(response.provenance.statement_b64);
    expect(envelope.signatures[0].sig).toBe(response.provenance.signature?.signature_b64);
  });

  it("answers undefined for what it never generated", async () => {
    const adapter = new MockQRGAdapter();
    const id = "qrg:00000000-0000-4000-8000-000000000000";
    expect(await adapter.getArtifact(id)).toBeUndefined();
    expect(await adapter.getContent(id)).toBeUndefined();
    expect(await adapter.getAttestation(id)).toBeUndefined();
    expect(await adapter.getSbom(`sha256:${"0".repeat(64)}`)).toBeUndefined();
  });

  it("serves the SBOM that sbom_ref points at", async () => {
    const adapter = new MockQRGAdapter();
    const response = await adapter.generate(call());
    const digest = response.provenance.sbom_ref!.slice("mock://sboms/".length);
    const sbom = await adapter.getSbom(digest);
    expect(hashBytes("sha256", sbom!)).toBe(digest);
    expect(JSON.parse(Buffer.from(sbom!).toString("utf8"))).toMatchObject({ bomFormat: "CycloneDX" });
  });

  it("lists its single Ed25519 test key", async () => {
    const keys = await new MockQRGAdapter().listKeys();
    expect(keys).toHaveLength(1);
    expect(PublicKeySchema.parse(keys[0])).toMatchObject({
      algorithm: "ed25519",
      status: "active",
      not_after: null,
    });
    expect(keys[0]!.key_id).toBe(mockTestKey().keyId);
    expect(MOCK_TEST_KEY_SEED_HEX).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports healthy with a -mock version, and unhealthy when its store fails", async () => {
    const adapter = new MockQRGAdapter();
    const health = await adapter.health();
    expect(HealthSchema.parse(health)).toMatchObject({ status: "healthy", adapter: "mock" });
    expect(health.version).toMatch(/^\d+\.\d+\.\d+.*-mock$/);
    expect(adapter.kind).toBe("mock");

    class BrokenStore extends MemoryArtifactStore {
      override async health() {
        return "error" as const;
      }
    }
    const broken = await new MockQRGAdapter({ store: new BrokenStore() }).health();
    expect(broken).toMatchObject({ status: "unhealthy", checks: { artifact_storage: "error" } });
  });

  it("retries storing its SBOM after a failed attempt", async () => {
    let failures = 1;
    class FlakyStore extends MemoryArtifactStore {
      override async putSbom(digest: string, bytes: Uint8Array) {
        if (failures-- > 0) throw new Error("disk full");
        return super.putSbom(digest, bytes);
      }
    }
    const adapter = new MockQRGAdapter({ store: new FlakyStore() });
    await expect(adapter.generate(call())).rejects.toThrow("disk full");
    const response = await adapter.generate(call());
    expect(await adapter.getSbom(response.provenance.sbom_ref!.slice("mock://sboms/".length))).toBeDefined();
  });
});
