import { appendFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeJournalFrame, toJournalEntry } from "../../src/journal/frame.ts";
import { makeEntry, never } from "../helpers/entry.ts";
import { expectStored, openLogStore, tmpLogDir } from "./log-helpers.ts";

async function segmentFiles(dataDir: string): Promise<string[]> {
  const writers = join(dataDir, "log", "writers");
  const files: string[] = [];
  for (const writer of await readdir(writers)) {
    for (const name of await readdir(join(writers, writer))) {
      if (name.endsWith(".wal")) files.push(join(writers, writer, name));
    }
  }
  return files.sort();
}

describe("log store: commit and read", () => {
  it("stores content, record and attestation with one append and reads them back", async () => {
    const store = await openLogStore(await tmpLogDir());
    const entry = makeEntry();
    await store.commit(entry, never);
    await expectStored(store, entry);
    expect(store.appenderStats).toMatchObject({ batches: 1, frames: 1 });
    expect(await store.health()).toBe("ok");
    expect(await store.getRecord("qrg:0000aaaa-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await store.getContent(`sha256:${"ab".repeat(32)}`)).toBeUndefined();
    expect(await store.getAttestation("qrg:0000aaaa-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("group-commits concurrent commits: far fewer fdatasyncs than commits", async () => {
    const store = await openLogStore(await tmpLogDir());
    const entries = Array.from({ length: 200 }, (_, i) => makeEntry(`concurrent-seed-${i}-0000`));
    await Promise.all(entries.map((entry) => store.commit(entry, never)));
    for (const entry of entries) await expectStored(store, entry);
    expect(store.appenderStats.frames).toBe(200);
    expect(store.appenderStats.batches).toBeLessThan(20);
  });

  it("is write-once and rejects bad entries before the commit point", async () => {
    const store = await openLogStore(await tmpLogDir());
    const entry = makeEntry();
    await store.commit(entry, never);
    await expect(store.commit(entry, never)).rejects.toMatchObject({ code: "conflict" });
    const twin = makeEntry();
    const twins = await Promise.allSettled([store.commit(twin, never), store.commit(twin, never)]);
    expect(twins.map((t) => t.status).sort()).toEqual(["fulfilled", "rejected"]);
    await expect(store.commit(makeEntry("s", "qrg:../../etc"), never)).rejects.toMatchObject({
      code: "validation_error",
    });
    const tampered = makeEntry();
    tampered.content = new TextEncoder().encode("other bytes");
    await expect(store.commit(tampered, never)).rejects.toMatchObject({ code: "storage_error" });
    const aborted = makeEntry();
    await expect(store.commit(aborted, AbortSignal.abort())).rejects.toThrow();
    expect(await store.getRecord(aborted.qrg_id)).toBeUndefined();
    expect(store.appenderStats.frames).toBe(2);
  });

  it("refuses commits once closed, and health turns to error", async () => {
    const store = await openLogStore(await tmpLogDir());
    await store.close();
    await expect(store.commit(makeEntry(), never)).rejects.toMatchObject({ code: "unavailable" });
    expect(await store.health()).toBe("error");
    await store.close();
  });

  it("stores SBOMs by digest, write-once", async () => {
    const store = await openLogStore(await tmpLogDir());
    const bytes = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
    const { hashBytes } = await import("@qrg/core");
    const digest = hashBytes("sha256", bytes);
    await store.putSbom(digest, bytes);
    await store.putSbom(digest, bytes);
    expect(Buffer.from((await store.getSbom(digest)) ?? [])).toEqual(Buffer.from(bytes));
    await expect(store.putSbom(digest, new TextEncoder().encode("x"))).rejects.toMatchObject({
      code: "storage_error",
    });
  });
});

describe("log store: index across restarts and processes", () => {
  it("rebuilds its index from the segments when reopened", async () => {
    const dataDir = await tmpLogDir();
    const first = await openLogStore(dataDir, { segmentMaxBytes: 4096 });
    const entries = Array.from({ length: 50 }, (_, i) => makeEntry(`restart-seed-${i}-000000`));
    for (const entry of entries) await first.commit(entry, never);
    expect(first.appenderStats.rotations).toBeGreaterThan(2);
    await first.close();
    const second = await openLogStore(dataDir);
    for (const entry of entries) await expectStored(second, entry);
    await expect(second.commit(entries[0]!, never)).rejects.toMatchObject({ code: "conflict" });
  });

  it("serves what another store on the same directory acknowledged, at once", async () => {
    const dataDir = await tmpLogDir();
    const a = await openLogStore(dataDir);
    const b = await openLogStore(dataDir);
    const fromA = makeEntry("written-by-a-0000000");
    const fromB = makeEntry("written-by-b-0000000");
    await a.commit(fromA, never);
    await b.commit(fromB, never);
    await expectStored(b, fromA);
    await expectStored(a, fromB);
  });

  it("cuts a dead writer's torn tail at open and never serves it", async () => {
    const dataDir = await tmpLogDir();
    const first = await openLogStore(dataDir);
    const kept = makeEntry("kept-seed-0000000000");
    await first.commit(kept, never);
    await first.close();
    const [segment] = await segmentFiles(dataDir);
    const goodSize = (await stat(segment!)).size;
    const torn = makeEntry("torn-seed-0000000000");
    const frame = encodeJournalFrame(toJournalEntry(torn));
    await appendFile(segment!, frame.subarray(0, frame.byteLength - 7));

    const second = await openLogStore(dataDir);
    expect(second.catalogStats.tornBytesCut).toBe(frame.byteLength - 7);
    expect((await stat(segment!)).size).toBe(goodSize);
    await expectStored(second, kept);
    expect(await second.getRecord(torn.qrg_id)).toBeUndefined();
  });

  it("ignores a frame whose CRC does not match", async () => {
    const dataDir = await tmpLogDir();
    const first = await openLogStore(dataDir);
    await first.commit(makeEntry(), never);
    await first.close();
    const [segment] = await segmentFiles(dataDir);
    const damaged = encodeJournalFrame(toJournalEntry(makeEntry("damaged-seed-00000000")));
    damaged[damaged.byteLength - 1]! ^= 0xff;
    await appendFile(segment!, damaged);
    const second = await openLogStore(dataDir);
    expect(second.catalogStats.framesIndexed).toBe(1);
    expect(second.catalogStats.tornBytesCut).toBe(damaged.byteLength);
  });
});
