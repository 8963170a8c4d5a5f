import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashBytes, QRGError } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { createFsArtifactStore } from "../src/index.ts";
import { makeEntry, never } from "./helpers/entry.ts";
import { tmpDataDir, tmpStore } from "./helpers/tmp-store.ts";

describe("FsArtifactStore reads", () => {
  it("answers undefined for a qrg_id or digest it never stored", async () => {
    const { store } = await tmpStore();
    const entry = makeEntry();
    expect(await store.getRecord(entry.qrg_id)).toBeUndefined();
    expect(await store.getAttestation(entry.qrg_id)).toBeUndefined();
    expect(await store.getContent(entry.content_hash)).toBeUndefined();
    expect(await store.getSbom(entry.content_hash)).toBeUndefined();
  });

  it("returns content of any size byte for byte, from empty to audio-sized", async () => {
    const { store } = await tmpStore();
    for (const size of [0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 700_000]) {
      const entry = makeEntry(`size-seed-${size}-000000000`);
      const content = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      const hash = hashBytes("sha256", content);
      await store.commit(
        { ...entry, content, content_hash: hash, record: { ...entry.record, content_hash: hash } },
        never,
      );
      expect(await store.getContent(hash)).toEqual(content);
    }
  });

  it("reports a corrupt record file as a storage error carrying the parse failure", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    await store.commit(entry, never);
    const recordFile = join(dataDir, "artifacts", "records", `${entry.qrg_id.slice(4)}.json`);

    await writeFile(recordFile, '{"response": {"qrg_id": "qrg:trunc');
    const truncated = await store.getRecord(entry.qrg_id).catch((error: unknown) => error);
    expect(truncated).toBeInstanceOf(QRGError);
    expect(truncated).toMatchObject({ code: "storage_error" });
    expect((truncated as QRGError).cause).toBeInstanceOf(SyntaxError);

    await writeFile(recordFile, JSON.stringify({ response: { qrg_id: entry.qrg_id } }));
    await expect(store.getRecord(entry.qrg_id)).rejects.toMatchObject({ code: "storage_error" });
  });

  it("returns content exactly as stored, even when altered, so that validation can detect tampering", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    await store.commit(entry, never);
    const hex = entry.content_hash.slice("sha256:".length);
    const tampered = new TextEncoder().encode("tampered!");
    await writeFile(join(dataDir, "artifacts", "content", "sha256", hex.slice(0, 2), `${hex}.bin`), tampered);

    const read = await store.getContent(entry.content_hash);
    expect(read).toEqual(tampered);
    expect(hashBytes("sha256", read!)).not.toBe(entry.content_hash);
  });

  it("refuses to reuse a content file whose size shows it was altered", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry("shared-content-seed-0");
    await store.commit(entry, never);
    const hex = entry.content_hash.slice("sha256:".length);
    await writeFile(join(dataDir, "artifacts", "content", "sha256", hex.slice(0, 2), `${hex}.bin`), "x");

    const again = makeEntry("shared-content-seed-0");
    await expect(store.commit(again, never)).rejects.toMatchObject({ code: "storage_error" });
    expect(await store.getRecord(again.qrg_id)).toBeUndefined();
    expect(await store.getAttestation(again.qrg_id)).toBeUndefined();
  });

  it("hides an attestation whose record never landed", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    await writeFile(join(dataDir, "attestations", `${entry.qrg_id.slice(4)}.att.json`), entry.attestation);
    expect(await store.getAttestation(entry.qrg_id)).toBeUndefined();
  });

  it("rejects ids and digests that could escape the data directory", async () => {
    const { store } = await tmpStore();
    const attempts = ["../../etc/passwd", "qrg:../../../etc/passwd", "qrg:..", "qrg:a\0b", "qrg:/etc"];
    for (const id of attempts) {
      await expect(store.getRecord(id)).rejects.toMatchObject({ code: "validation_error" });
      await expect(store.getAttestation(id)).rejects.toMatchObject({ code: "validation_error" });
    }
    const digests = [
      "sha256:../../../../etc/passwd",
      `md5:${"a".repeat(64)}`,
      `sha256:${"A".repeat(64)}`,
      "",
    ];
    for (const digest of digests) {
      await expect(store.getContent(digest)).rejects.toMatchObject({ code: "validation_error" });
      await expect(store.getSbom(digest)).rejects.toMatchObject({ code: "validation_error" });
      await expect(store.putSbom(digest, new Uint8Array())).rejects.toMatchObject({
        code: "validation_error",
      });
    }
  });
});

describe("FsArtifactStore record cache", () => {
  it("serves a record it has read once from memory, as a copy callers cannot change", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    await store.commit(entry, never);
    const first = await store.getRecord(entry.qrg_id);
    first!.response.seed = "mutated by a caller";
    await rm(join(dataDir, "artifacts", "records", `${entry.qrg_id.slice(4)}.json`));

    expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("reads from disk every time when the cache is off", async () => {
    const { store, dataDir } = await tmpStore({ recordCacheSize: 0 });
    const entry = makeEntry();
    await store.commit(entry, never);
    expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
    await rm(join(dataDir, "artifacts", "records", `${entry.qrg_id.slice(4)}.json`));
    expect(await store.getRecord(entry.qrg_id)).toBeUndefined();
  });

  it("forgets the least recently used record beyond its capacity", async () => {
    const { store, dataDir } = await tmpStore({ recordCacheSize: 2 });
    const entries = [makeEntry(), makeEntry(), makeEntry()];
    for (const entry of entries) await store.commit(entry, never);
    for (const entry of entries) await store.getRecord(entry.qrg_id);
    for (const entry of entries)
      await rm(join(dataDir, "artifacts", "records", `${entry.qrg_id.slice(4)}.json`));

    expect(await store.getRecord(entries[0]!.qrg_id)).toBeUndefined();
    expect(await store.getRecord(entries[1]!.qrg_id)).toEqual(entries[1]!.record);
    expect(await store.getRecord(entries[2]!.qrg_id)).toEqual(entries[2]!.record);
  });
});

describe("the store's source", () => {
  it("makes no synchronous file-system call, so the event loop never waits on the disk", async () => {
    const srcDir = join(import.meta.dirname, "..", "src");
    // encryption/ calls node:crypto's synchronous KDF and key generation: CPU work, not disk waits.
    const names = (await readdir(srcDir, { recursive: true })).filter(
      (name) => name.endsWith(".ts") && !name.startsWith("encryption"),
    );
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const source = await readFile(join(srcDir, name), "utf8");
      expect(source.match(/\b(?:[a-z]+)Sync\s*\(/g) ?? [], name).toEqual([]);
    }
  });
});

describe("FsArtifactStore SBOMs", () => {
  it("stores an SBOM under its digest, once, and serves it back", async () => {
    const { store, dataDir } = await tmpStore();
    const sbom = new TextEncoder().encode(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6" }));
    const digest = hashBytes("sha256", sbom);

    await store.putSbom(digest, sbom);
    await store.putSbom(digest, sbom);
    expect(await store.getSbom(digest)).toEqual(sbom);
    expect(await readdir(join(dataDir, "sboms"))).toEqual([`sha256-${digest.slice(7)}.cdx.json`]);
  });

  it("rejects SBOM bytes that do not match their digest", async () => {
    const { store } = await tmpStore();
    const digest = hashBytes("sha256", new TextEncoder().encode("{}"));
    await expect(store.putSbom(digest, new TextEncoder().encode("[]"))).rejects.toMatchObject({
      code: "storage_error",
    });
    expect(await store.getSbom(digest)).toBeUndefined();
  });
});

describe("FsArtifactStore.health", () => {
  it("is ok when the data directory is writable", async () => {
    const { store, dataDir } = await tmpStore();
    expect(await store.health()).toBe("ok");
    expect(await readdir(join(dataDir, ".health"))).toEqual([]);
  });

  it("is error when the data directory has gone away", async () => {
    const { store, dataDir } = await tmpStore();
    await rm(dataDir, { recursive: true, force: true });
    expect(await store.health()).toBe("error");
  });

  it("is error when the probe cannot be written", async () => {
    const { store, dataDir } = await tmpStore();
    // Permission bits do not stop root, so break the probe directory itself.
    await rm(join(dataDir, ".health"), { recursive: true });
    await writeFile(join(dataDir, ".health"), "not a directory");
    expect(await store.health()).toBe("error");
  });
});

describe("createFsArtifactStore", () => {
  it("creates the layout in a missing directory and reopens an existing one without loss", async () => {
    const dataDir = join(await tmpDataDir(), "nested", "data");
    const store = await createFsArtifactStore({ dataDir });
    const entry = makeEntry();
    await store.commit(entry, never);
    expect(await readdir(dataDir)).toEqual(expect.arrayContaining(["artifacts", "attestations", "sboms"]));

    const reopened = await createFsArtifactStore({ dataDir });
    expect(await reopened.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("fails with a storage error when the data directory cannot be created", async () => {
    const parent = await tmpDataDir();
    await writeFile(join(parent, "file"), "x");
    await expect(createFsArtifactStore({ dataDir: join(parent, "file", "data") })).rejects.toMatchObject({
      code: "storage_error",
    });
  });
});
