import { randomUUID } from "node:crypto";
import { type CommitEntry, canonicalJsonBytes, hashBytes, QRGTimeoutError } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { MemoryArtifactStore } from "../src/index.ts";

const never = new AbortController().signal;

function entry(seed = "memory-store-seed-01"): CommitEntry {
  const qrg_id = `qrg:${randomUUID()}`;
  const content = canonicalJsonBytes({ seed });
  const hash = hashBytes("sha256", content);
  return {
    qrg_id,
    content_hash: hash,
    content,
    attestation: new TextEncoder().encode("{}"),
    record: {
      response: {
        qrg_id,
        seed,
        artifact: { type: "symbolic", location: `mock://artifacts/${qrg_id.slice(4)}`, hash },
        safety: { status: "approved", gate_checks: {} },
        provenance: { builder_id: "qrg-mock-adapter", build_time: "2025-11-10T15:30:00Z" },
      },
      content_hash: hash,
      content_type: "application/json",
      stored_at: "2025-11-10T15:30:00Z",
    },
  };
}

describe("MemoryArtifactStore", () => {
  it("keeps what was committed, as copies the caller cannot alter", async () => {
    const store = new MemoryArtifactStore();
    const e = entry();
    await store.commit(e, never);
    e.content[0] = 0;
    e.record.response.seed = "changed";
    expect(await store.getRecord(e.qrg_id)).toMatchObject({ response: { seed: "memory-store-seed-01" } });
    const content = await store.getContent(e.content_hash);
    expect(hashBytes("sha256", content!)).toBe(e.content_hash);
    content![0] = 0;
    expect(hashBytes("sha256", (await store.getContent(e.content_hash))!)).toBe(e.content_hash);
    expect(await store.getAttestation(e.qrg_id)).toEqual(new TextEncoder().encode("{}"));
    expect(await store.health()).toBe("ok");
  });

  it("refuses a second commit of the same qrg_id", async () => {
    const store = new MemoryArtifactStore();
    const e = entry();
    await store.commit(e, never);
    await expect(store.commit(e, never)).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses content that does not match its digest, and ids that are not qrg ids", async () => {
    const store = new MemoryArtifactStore();
    const e = entry();
    await expect(store.commit({ ...e, content: new Uint8Array([1]) }, never)).rejects.toMatchObject({
      code: "storage_error",
    });
    await expect(store.commit({ ...e, qrg_id: "qrg:../x" }, never)).rejects.toMatchObject({
      code: "validation_error",
    });
    await expect(store.getRecord("../x")).rejects.toMatchObject({ code: "validation_error" });
    await expect(store.getContent("sha256:../x")).rejects.toMatchObject({ code: "validation_error" });
    expect(await store.getRecord(e.qrg_id)).toBeUndefined();
  });

  it("stores nothing when the signal has already aborted", async () => {
    const store = new MemoryArtifactStore();
    const controller = new AbortController();
    const reason = new QRGTimeoutError(100, "storage");
    controller.abort(reason);
    const e = entry();
    await expect(store.commit(e, controller.signal)).rejects.toBe(reason);
    expect(await store.getRecord(e.qrg_id)).toBeUndefined();
    expect(await store.getAttestation(e.qrg_id)).toBeUndefined();
  });

  it("stores SBOMs under a verified digest", async () => {
    const store = new MemoryArtifactStore();
    const bytes = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
    const digest = hashBytes("sha256", bytes);
    await store.putSbom(digest, bytes);
    await store.putSbom(digest, bytes);
    expect(await store.getSbom(digest)).toEqual(bytes);
    await expect(store.putSbom(digest, new Uint8Array())).rejects.toMatchObject({ code: "storage_error" });
    await expect(store.getSbom("nope")).rejects.toMatchObject({ code: "validation_error" });
  });
});
