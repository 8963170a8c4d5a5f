import type { ArtifactStore, StoredRecord } from "@qrg/core";
import { hashBytes, QRGNotFoundError, QRGValidationError } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { MemoryArtifactStore, MockQRGAdapter } from "../src/index.ts";
import { call } from "./helpers/calls.ts";

/** A real MemoryArtifactStore whose reads the test can alter, as an attacker with disk access could. */
class TamperableStore extends MemoryArtifactStore {
  content?: (bytes: Uint8Array) => Uint8Array;
  record?: (record: StoredRecord) => StoredRecord;
  attestation?: (bytes: Uint8Array | undefined) => Uint8Array | undefined;

  override async getContent(hash: string) {
    const bytes = await super.getContent(hash);
    return bytes && this.content ? this.content(bytes) : bytes;
  }
  override async getRecord(qrgId: string) {
    const record = await super.getRecord(qrgId);
    return record && this.record ? this.record(record) : record;
  }
  override async getAttestation(qrgId: string) {
    const bytes = await super.getAttestation(qrgId);
    return this.attestation ? this.attestation(bytes) : bytes;
  }
}

async function generated(store: ArtifactStore = new TamperableStore()) {
  const adapter = new MockQRGAdapter({ store });
  const response = await adapter.generate(call());
  return { adapter, response };
}

describe("MockQRGAdapter.validate", () => {
  it("confirms an untouched artifact", async () => {
    const { adapter, response } = await generated();
    expect(
      await adapter.validate({ qrg_id: response.qrg_id, expected_hash: response.artifact.hash }),
    ).toEqual({
      valid: true,
      hash_match: true,
      signature_valid: true,
      provenance_verified: true,
    });
  });

  it("reports a hash mismatch when the caller expects other bytes", async () => {
    const { adapter, response } = await generated();
    const other = hashBytes("sha256", new TextEncoder().encode("other"));
    const result = await adapter.validate({ qrg_id: response.qrg_id, expected_hash: other });
    expect(result).toEqual({
      valid: false,
      hash_match: false,
      signature_valid: true,
      provenance_verified: true,
    });
    const blake = hashBytes("blake3", (await adapter.getContent(response.qrg_id))!.bytes);
    expect((await adapter.validate({ qrg_id: response.qrg_id, expected_hash: blake })).hash_match).toBe(true);
    const unknownAlg = await adapter.validate({ qrg_id: response.qrg_id, expected_hash: "sha256:abc" });
    expect(unknownAlg.hash_match).toBe(false);
  });

  it("detects content altered after it was stored", async () => {
    const store = new TamperableStore();
    const { adapter, response } = await generated(store);
    store.content = (bytes) => Uint8Array.from(bytes, (b, i) => (i === 0 ? b ^ 1 : b));
    const result = await adapter.validate({ qrg_id: response.qrg_id, expected_hash: response.artifact.hash });
    expect(result).toEqual({
      valid: false,
      hash_match: false,
      signature_valid: true,
      provenance_verified: false,
    });
  });

  it("detects a forged signature and a missing or foreign attestation", async () => {
    const store = new TamperableStore();
    const { adapter, response } = await generated(store);
    const input = { qrg_id: response.qrg_id, expected_hash: response.artifact.hash };

    store.record = (record) => {
      const signature = {
        ...record.response.provenance.signature,
        signature_b64: Buffer.alloc(64).toString("base64"),
      };
      return {
        ...record,
        response: { ...record.response, provenance: { ...record.response.provenance, signature } },
      };
    };
    expect(await adapter.validate(input)).toMatchObject({ valid: false, signature_valid: false });
    store.record = undefined;

    store.attestation = () => undefined;
    expect(await adapter.validate(input)).toMatchObject({
      valid: false,
      signature_valid: true,
      provenance_verified: false,
    });
    store.attestation = () => new TextEncoder().encode("not json");
    expect((await adapter.validate(input)).provenance_verified).toBe(false);
    store.attestation = () =>
      new TextEncoder().encode(JSON.stringify({ payloadType: "x", payload: "", signatures: [] }));
    expect((await adapter.validate(input)).provenance_verified).toBe(false);
    store.attestation = () => new TextEncoder().encode(JSON.stringify({ payloadType: "x", payload: "" }));
    expect((await adapter.validate(input)).provenance_verified).toBe(false);

    // An attestation for another artifact, genuinely signed, does not vouch for this one.
    const other = await adapter.generate(call({ seed: "another-seed-entirely-1" }));
    const foreign = await store.getAttestation(other.qrg_id);
    store.attestation = () => foreign;
    expect((await adapter.validate(input)).provenance_verified).toBe(false);
  });

  it("rejects a statement that is not the mock's", async () => {
    const store = new TamperableStore();
    const { adapter, response } = await generated(store);
    store.record = (record) => {
      const provenance = {
        ...record.response.provenance,
        statement_b64: Buffer.from("[]").toString("base64"),
      };
      return { ...record, response: { ...record.response, provenance } };
    };
    const result = await adapter.validate({ qrg_id: response.qrg_id, expected_hash: response.artifact.hash });
    expect(result).toMatchObject({ valid: false, signature_valid: false, provenance_verified: false });
  });

  it("throws QRGNotFoundError for an unknown qrg_id and QRGValidationError for a malformed one", async () => {
    const { adapter, response } = await generated();
    await expect(
      adapter.validate({
        qrg_id: "qrg:00000000-0000-4000-8000-000000000000",
        expected_hash: response.artifact.hash,
      }),
    ).rejects.toBeInstanceOf(QRGNotFoundError);
    await expect(adapter.validate({ qrg_id: "nope", expected_hash: "sha256:00" })).rejects.toBeInstanceOf(
      QRGValidationError,
    );
    await expect(
      adapter.validate({ qrg_id: response.qrg_id, expected_hash: "md5:00" }),
    ).rejects.toMatchObject({
      code: "validation_error",
      errors: [{ path: "expected_hash" }],
    });
  });
});
