import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashBytes, QRGError, QRGTimeoutError } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { makeEntry, never } from "./helpers/entry.ts";
import { openStore, tmpStore } from "./helpers/tmp-store.ts";

function uuidOf(qrgId: string): string {
  return qrgId.slice("qrg:".length);
}

describe("FsArtifactStore.commit", () => {
  it("lays out content by digest, the record by qrg_id and the attestation next to it", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    await store.commit(entry, never);

    const hex = entry.content_hash.slice("sha256:".length);
    const uuid = uuidOf(entry.qrg_id);
    const contentFile = join(dataDir, "artifacts", "content", "sha256", hex.slice(0, 2), `${hex}.bin`);
    expect(new Uint8Array(await readFile(contentFile))).toEqual(entry.content);
    const recordFile = join(dataDir, "artifacts", "records", `${uuid}.json`);
    expect(JSON.parse(await readFile(recordFile, "utf8"))).toEqual(entry.record);
    const attestationFile = join(dataDir, "attestations", `${uuid}.att.json`);
    expect(new Uint8Array(await readFile(attestationFile))).toEqual(entry.attestation);

    expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
    expect(await store.getContent(entry.content_hash)).toEqual(entry.content);
    expect(await store.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
  });

  it("refuses to commit a qrg_id twice and keeps the first record", async () => {
    const { store } = await tmpStore();
    const first = makeEntry("first-seed-0000000");
    await store.commit(first, never);
    const second = makeEntry("second-seed-000000", first.qrg_id);

    await expect(store.commit(second, never)).rejects.toMatchObject({ code: "conflict" });
    expect(await store.getRecord(first.qrg_id)).toEqual(first.record);
    expect(await store.getAttestation(first.qrg_id)).toEqual(first.attestation);
  });

  it("lets exactly one of two concurrent commits of the same qrg_id win", async () => {
    const { store } = await tmpStore();
    const a = makeEntry("concurrent-seed-a-000");
    const b = makeEntry("concurrent-seed-b-000", a.qrg_id);

    const results = await Promise.allSettled([store.commit(a, never), store.commit(b, never)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict" });
    expect(await store.getRecord(a.qrg_id)).toEqual(a.record);
  });

  it("stores identical content once and shares it between records", async () => {
    const { store, dataDir } = await tmpStore();
    const one = makeEntry("same-seed-0000000000");
    const two = makeEntry("same-seed-0000000000");
    expect(two.content_hash).toBe(one.content_hash);

    await Promise.all([store.commit(one, never), store.commit(two, never)]);
    await store.commit(makeEntry("same-seed-0000000000"), never);

    const hex = one.content_hash.slice("sha256:".length);
    const files = await readdir(join(dataDir, "artifacts", "content", "sha256", hex.slice(0, 2)));
    expect(files).toEqual([`${hex}.bin`]);
    expect(await readdir(join(dataDir, "artifacts", "records"))).toHaveLength(3);
  });

  it("rejects content whose bytes do not match the digest, writing nothing", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    const tampered = { ...entry, content: new TextEncoder().encode("not the hashed bytes") };

    await expect(store.commit(tampered, never)).rejects.toMatchObject({ code: "storage_error" });
    expect(await readdir(join(dataDir, "artifacts", "records"))).toEqual([]);
    expect(await readdir(join(dataDir, "attestations"))).toEqual([]);
  });

  it("rejects a record that names other content or another qrg_id", async () => {
    const { store } = await tmpStore();
    const entry = makeEntry();
    const otherHash = hashBytes("sha256", new Uint8Array([1]));
    await expect(
      store.commit({ ...entry, record: { ...entry.record, content_hash: otherHash } }, never),
    ).rejects.toMatchObject({ code: "storage_error" });
    const other = makeEntry();
    await expect(store.commit({ ...entry, record: other.record }, never)).rejects.toMatchObject({
      code: "storage_error",
    });
  });

  it("accepts sha3-256 and blake3 content digests", async () => {
    const { store } = await tmpStore();
    for (const algorithm of ["sha3-256", "blake3"] as const) {
      const entry = makeEntry(`seed-for-${algorithm}-000`);
      const hash = hashBytes(algorithm, entry.content);
      const withAlg = { ...entry, content_hash: hash, record: { ...entry.record, content_hash: hash } };
      await store.commit(withAlg, never);
      expect(await store.getContent(hash)).toEqual(entry.content);
    }
  });

  it("throws the signal's reason and writes nothing when already aborted", async () => {
    const { store, dataDir } = await tmpStore();
    const controller = new AbortController();
    const reason = new QRGTimeoutError(100, "store");
    controller.abort(reason);
    const entry = makeEntry();

    await expect(store.commit(entry, controller.signal)).rejects.toBe(reason);
    expect(await store.getRecord(entry.qrg_id)).toBeUndefined();
    expect(await readdir(join(dataDir, "attestations"))).toEqual([]);
  });

  it("leaves nothing, not even in the journal, when the deadline passes before the commit point", async () => {
    const { store, dataDir } = await tmpStore();
    for (let round = 0; round < 5; round++) {
      const entry = makeEntry(`abort-seed-${round}-00000000`);
      const controller = new AbortController();
      const reason = new QRGTimeoutError(100, "store");
      const committing = store.commit(entry, controller.signal);
      // The conflict checks before the commit point read the disk: the abort lands while they run.
      controller.abort(reason);

      await expect(committing).rejects.toBe(reason);
      expect(await store.getRecord(entry.qrg_id)).toBeUndefined();
      expect(await store.getAttestation(entry.qrg_id)).toBeUndefined();
      expect(await store.getContent(entry.content_hash)).toBeUndefined();
    }
    expect(store.stats.journalBatches).toBe(0);
    expect(await readdir(join(dataDir, "attestations"))).toEqual([]);
    expect(await readdir(join(dataDir, "artifacts", "records"))).toEqual([]);
  });

  it("completes a commit whose deadline passes after the commit point", async () => {
    const { store, dataDir } = await tmpStore();
    for (let round = 0; round < 5; round++) {
      const entry = makeEntry(`late-abort-seed-${round}-000`);
      const attestationFile = join(dataDir, "attestations", `${uuidOf(entry.qrg_id)}.att.json`);
      const controller = new AbortController();
      let sawAttestation = false;
      // The attestation is written only once the entry is durable in the journal, past the commit point.
      const poll = (): void => {
        if (existsSync(attestationFile)) {
          sawAttestation = true;
          controller.abort(new QRGTimeoutError(100, "store"));
        } else if (!controller.signal.aborted) setImmediate(poll);
      };
      setImmediate(poll);

      await expect(store.commit(entry, controller.signal)).resolves.toBeUndefined();
      controller.abort();
      expect(sawAttestation).toBe(true);
      expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
      expect(await store.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
      expect(await store.getContent(entry.content_hash)).toEqual(entry.content);
    }
  });

  it("leaves either everything or nothing for a qrg_id, whenever the abort lands", async () => {
    const { store, dataDir } = await tmpStore();
    let committed = 0;
    let aborted = 0;
    // Abort after ever more event-loop turns: the early ones land in each phase, the late ones never land.
    for (let round = 0; committed < 3 && round < 80; round++) {
      const turns = Math.floor(1.3 ** round) - 1;
      const entry = makeEntry(`sweep-seed-${round}-0000000`);
      const controller = new AbortController();
      const reason = new QRGTimeoutError(100, "store");
      let left = turns;
      const tick = (): void => {
        if (left-- <= 0) controller.abort(reason);
        else setImmediate(tick);
      };
      setImmediate(tick);
      try {
        await store.commit(entry, controller.signal);
        committed++;
        expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
        expect(await store.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
        expect(await store.getContent(entry.content_hash)).toEqual(entry.content);
      } catch (error) {
        aborted++;
        expect(error).toBe(reason);
        expect(await store.getRecord(entry.qrg_id)).toBeUndefined();
        expect(existsSync(join(dataDir, "attestations", `${uuidOf(entry.qrg_id)}.att.json`))).toBe(false);
      }
      controller.abort();
    }
    expect(committed).toBeGreaterThan(0);
    expect(aborted).toBeGreaterThan(0);
    // No temp file survives a commit, successful or aborted.
    const names = [
      ...(await readdir(join(dataDir, "artifacts", "records"))),
      ...(await readdir(join(dataDir, "attestations"))),
    ];
    expect(names.filter((name) => name.includes(".tmp-"))).toEqual([]);
  });

  it("stores bytes that do not hash to their digest when verifyContentHash is off (encryption at rest)", async () => {
    const { store, dataDir } = await tmpStore({ verifyContentHash: false });
    const entry = makeEntry();
    const sealed = { ...entry, content: new TextEncoder().encode("ciphertext of the content") };
    await store.commit(sealed, never);
    expect(await store.getContent(entry.content_hash)).toEqual(sealed.content);
    await store.close();

    const reopened = await openStore(dataDir, { verifyContentHash: false });
    expect(await reopened.getContent(entry.content_hash)).toEqual(sealed.content);
    expect(await reopened.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("refuses a qrg_id committed before the store was reopened", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    await store.commit(entry, never);
    await store.close();
    const reopened = await openStore(dataDir);
    await expect(reopened.commit(makeEntry("another-seed-00000", entry.qrg_id), never)).rejects.toMatchObject(
      {
        code: "conflict",
      },
    );
  });

  it("serves a durable commit whose files could not be written from memory, and writes them later", async () => {
    const { store, dataDir } = await tmpStore();
    const attestations = join(dataDir, "attestations");
    // Root ignores permission bits: make the directory unusable by putting a file in its place.
    await rm(attestations, { recursive: true });
    await writeFile(attestations, "not a directory");
    const entry = makeEntry();

    await store.commit(entry, never);
    expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
    expect(await store.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
    expect(await store.getContent(entry.content_hash)).toEqual(entry.content);
    await expect(store.commit(makeEntry("again-seed-000000", entry.qrg_id), never)).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(store.checkpoint()).rejects.toMatchObject({ code: "storage_error" });

    await rm(attestations);
    await mkdir(attestations);
    await store.checkpoint();
    const uuid = uuidOf(entry.qrg_id);
    expect(new Uint8Array(await readFile(join(attestations, `${uuid}.att.json`)))).toEqual(entry.attestation);
    expect(JSON.parse(await readFile(join(dataDir, "artifacts", "records", `${uuid}.json`), "utf8"))).toEqual(
      entry.record,
    );
  });

  it("rejects malformed qrg_ids and digests before touching the disk", async () => {
    const { store } = await tmpStore();
    const entry = makeEntry();
    for (const qrg_id of [
      "qrg:../../etc/passwd",
      "../x",
      "qrg:ABC",
      "qrg:a/b",
      "qrg:",
      `qrg:${"a".repeat(65)}`,
    ]) {
      const bad = {
        ...entry,
        qrg_id,
        record: { ...entry.record, response: { ...entry.record.response, qrg_id } },
      };
      await expect(store.commit(bad, never)).rejects.toMatchObject({ code: "validation_error" });
    }
    const badHash = { ...entry, content_hash: "sha256:../../x" };
    await expect(store.commit(badHash, never)).rejects.toBeInstanceOf(QRGError);
    await expect(store.commit(badHash, never)).rejects.toMatchObject({ code: "validation_error" });
  });
});
