import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashBytes } from "@qrg/core";
import { QRGResponseSchema } from "@qrg/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEncryptedArtifactStore } from "../../src/encryption/encrypted-artifact-store.ts";
import {
  createFileKemKeyProvider,
  type FileKemKeyProvider,
} from "../../src/encryption/file-kem-key-provider.ts";
import { SECRET_SEED, SECRET_TOKENS, sampleEntry } from "./fixtures.ts";
import { createMemoryArtifactStore } from "./memory-artifact-store.ts";

const scrypt = { N: 2 ** 10, r: 8, p: 1 };
const signal = () => new AbortController().signal;

let dir: string;
let kem: FileKemKeyProvider;
let otherKem: FileKemKeyProvider;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qrg-enc-store-"));
  kem = await createFileKemKeyProvider({ dir: join(dir, "a"), passphrase: Buffer.from("pass-a"), scrypt });
  otherKem = await createFileKemKeyProvider({
    dir: join(dir, "b"),
    passphrase: Buffer.from("pass-b"),
    scrypt,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("createEncryptedArtifactStore", () => {
  it("round-trips content, attestation and record through the inner store", async () => {
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, kem);
    const entry = sampleEntry();
    await store.commit(entry, signal());
    expect(await store.getContent(entry.content_hash)).toEqual(entry.content);
    expect(await store.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
    expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
    expect(await store.getRecord("qrg:00000000-0000-0000-0000-000000000000")).toBeUndefined();
    expect(await store.health()).toBe("ok");
  });

  it("refuses plaintext that does not hash to its content_hash, storing nothing", async () => {
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, kem);
    const entry = sampleEntry();
    const tampered = { ...entry, content: new TextEncoder().encode("not the artifact") };
    await expect(store.commit(tampered, signal())).rejects.toMatchObject({ code: "storage_error" });
    expect(inner.records.size + inner.contents.size + inner.attestations.size).toBe(0);
  });

  it("leaves no token, seed or affect value in the clear in what the inner store holds", async () => {
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, kem);
    const entry = sampleEntry();
    await store.commit(entry, signal());
    const stored = inner.storedBytes();
    for (const secret of [...SECRET_TOKENS, SECRET_SEED, "0.7,0.3,0.8"]) {
      expect(stored.includes(Buffer.from(secret)), `${secret} stored in the clear`).toBe(false);
    }
    expect(stored.includes(Buffer.from(entry.content))).toBe(false);
  });

  it("keeps content addressed by the plaintext hash and the stored record schema-valid", async () => {
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, kem);
    const entry = sampleEntry();
    await store.commit(entry, signal());
    expect([...inner.contents.keys()]).toEqual([hashBytes("sha256", entry.content)]);
    const wrapped = await inner.getRecord(entry.qrg_id);
    expect(wrapped?.content_hash).toBe(entry.content_hash);
    expect(QRGResponseSchema.safeParse(wrapped?.response).success).toBe(true);
    expect(wrapped?.response.seed).toBe("");
    expect(wrapped?.response.symbolic_payload).toBeUndefined();
  });

  it("gives a clear decryption_error with the wrong key, and deletes nothing", async () => {
    const inner = createMemoryArtifactStore();
    const entry = sampleEntry();
    await createEncryptedArtifactStore(inner, kem).commit(entry, signal());
    const before = inner.storedBytes();
    const wrongKey = createEncryptedArtifactStore(inner, otherKem);
    const expected = {
      code: "decryption_error",
      message: expect.stringContaining((await kem.current()).keyId),
    };
    await expect(wrongKey.getContent(entry.content_hash)).rejects.toMatchObject(expected);
    await expect(wrongKey.getAttestation(entry.qrg_id)).rejects.toMatchObject(expected);
    await expect(wrongKey.getRecord(entry.qrg_id)).rejects.toMatchObject(expected);
    expect(inner.storedBytes().equals(before)).toBe(true);
    expect(await createEncryptedArtifactStore(inner, kem).getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("fails with decryption_error on tampered content and leaves the stored bytes in place", async () => {
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, kem);
    const entry = sampleEntry();
    await store.commit(entry, signal());
    const stored = inner.contents.get(entry.content_hash) as Uint8Array;
    stored[stored.length - 20] = (stored[stored.length - 20] ?? 0) ^ 0x80;
    await expect(store.getContent(entry.content_hash)).rejects.toMatchObject({ code: "decryption_error" });
    expect(inner.contents.get(entry.content_hash)).toBe(stored);
  });

  it("refuses a blob moved to another object (swapped attestations)", async () => {
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, kem);
    const first = sampleEntry(["alpha"]);
    const second = sampleEntry(["beta"]);
    await store.commit(first, signal());
    await store.commit(second, signal());
    inner.attestations.set(first.qrg_id, inner.attestations.get(second.qrg_id) as Uint8Array);
    await expect(store.getAttestation(first.qrg_id)).rejects.toMatchObject({
      code: "decryption_error",
      message: expect.stringMatching(/authentication failed/),
    });
    inner.contents.set(first.content_hash, inner.contents.get(second.content_hash) as Uint8Array);
    await expect(store.getContent(first.content_hash)).rejects.toMatchObject({ code: "decryption_error" });
  });

  it("refuses plaintext records unless plaintext reads are allowed", async () => {
    const inner = createMemoryArtifactStore();
    const entry = sampleEntry();
    await inner.commit(entry, signal());
    await expect(createEncryptedArtifactStore(inner, kem).getRecord(entry.qrg_id)).rejects.toMatchObject({
      code: "decryption_error",
      message: expect.stringContaining("stored unencrypted"),
    });
    await expect(
      createEncryptedArtifactStore(inner, kem).getContent(entry.content_hash),
    ).rejects.toMatchObject({
      code: "decryption_error",
    });
    const migrating = createEncryptedArtifactStore(inner, kem, { allowPlaintextReads: true });
    expect(await migrating.getRecord(entry.qrg_id)).toEqual(entry.record);
    expect(await migrating.getContent(entry.content_hash)).toEqual(entry.content);
    expect(await migrating.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
  });

  it("decrypts what was written before a key rotation", async () => {
    const rotating = await createFileKemKeyProvider({
      dir: join(dir, "rotating"),
      passphrase: Buffer.from("r"),
      scrypt,
    });
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, rotating);
    const before = sampleEntry(["old"]);
    await store.commit(before, signal());
    await rotating.rotate();
    const after = sampleEntry(["new"]);
    await store.commit(after, signal());
    expect(await store.getRecord(before.qrg_id)).toEqual(before.record);
    expect(await store.getRecord(after.qrg_id)).toEqual(after.record);
  });

  it("passes SBOMs through unencrypted (they are public)", async () => {
    const inner = createMemoryArtifactStore();
    const store = createEncryptedArtifactStore(inner, kem);
    const sbom = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
    const digest = hashBytes("sha256", sbom);
    await store.putSbom(digest, sbom);
    expect(await inner.getSbom(digest)).toEqual(sbom);
    expect(await store.getSbom(digest)).toEqual(sbom);
  });

  it("reports error health when the inner store does", async () => {
    const inner = createMemoryArtifactStore();
    inner.healthy = false;
    const store = createEncryptedArtifactStore(inner, kem);
    expect(await store.health()).toBe("error");
  });
});
