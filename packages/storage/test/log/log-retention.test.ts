import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RetentionRemoval } from "../../src/retention.ts";
import { makeEntry, never } from "../helpers/entry.ts";
import { daysAgo, expectStored, openLogStore, tmpLogDir } from "./log-helpers.ts";

function aged(days: number, seed: string) {
  const entry = makeEntry(seed);
  entry.record.stored_at = daysAgo(days);
  return entry;
}

async function walCount(dataDir: string): Promise<number> {
  const writers = join(dataDir, "log", "writers");
  let count = 0;
  for (const writer of await readdir(writers)) {
    count += (await readdir(join(writers, writer))).filter((name) => name.endsWith(".wal")).length;
  }
  return count;
}

describe("log store: retention", () => {
  it("answers artifact_expired for reads of an artifact past retention, before and after compaction", async () => {
    const dataDir = await tmpLogDir();
    const removals: RetentionRemoval[] = [];
    const first = await openLogStore(dataDir, { retentionDays: 90 });
    const old = aged(91, "old-seed-000000000000");
    const young = aged(10, "young-seed-0000000000");
    await first.commit(old, never);
    await first.close();
    const second = await openLogStore(dataDir, {
      retentionDays: 90,
      onRetentionRemoval: (batch) => {
        removals.push(...batch);
      },
    });
    await second.commit(young, never);
    for (const read of [
      () => second.getRecord(old.qrg_id),
      () => second.getAttestation(old.qrg_id),
      () => second.getContent(old.content_hash),
    ]) {
      await expect(read()).rejects.toMatchObject({ code: "artifact_expired" });
    }
    // The first store's writer is gone: its segment (all expired) is dropped; the live one stays.
    expect(await second.compact()).toEqual({ segmentsDropped: 1, artifactsRemoved: 1 });
    expect(removals).toEqual([
      expect.objectContaining({ qrg_id: old.qrg_id, content_hash: old.content_hash, backend: "log" }),
    ]);
    expect(await walCount(dataDir)).toBe(1);
    await expect(second.getRecord(old.qrg_id)).rejects.toMatchObject({ code: "artifact_expired" });
    await expectStored(second, young);

    await second.close();
    const third = await openLogStore(dataDir, { retentionDays: 90 });
    await expect(third.getRecord(old.qrg_id)).rejects.toMatchObject({ code: "artifact_expired" });
    await expect(third.getContent(old.content_hash)).rejects.toMatchObject({ code: "artifact_expired" });
    await expectStored(third, young);
  });

  it("drops its own sealed segments once their newest artifact expired, never the current one", async () => {
    const dataDir = await tmpLogDir();
    const removals: RetentionRemoval[] = [];
    const store = await openLogStore(dataDir, {
      retentionDays: 30,
      segmentMaxBytes: 1,
      onRetentionRemoval: (batch) => {
        removals.push(...batch);
      },
    });
    const expired = [aged(40, "expired-a-0000000000"), aged(31, "expired-b-0000000000")];
    for (const entry of expired) await store.commit(entry, never);
    const fresh = aged(29, "fresh-seed-000000000");
    await store.commit(fresh, never);
    expect(await store.compact()).toEqual({ segmentsDropped: 2, artifactsRemoved: 2 });
    expect(removals.map((r) => r.qrg_id).sort()).toEqual(expired.map((e) => e.qrg_id).sort());
    await expectStored(store, fresh);
    expect(await store.compact()).toEqual({ segmentsDropped: 0, artifactsRemoved: 0 });
  });

  it("keeps a segment when the audit listener fails, and drops it on the next round", async () => {
    const dataDir = await tmpLogDir();
    let fail = true;
    const first = await openLogStore(dataDir, { retentionDays: 1 });
    const old = aged(2, "old-seed-000000000000");
    await first.commit(old, never);
    await first.close();
    const second = await openLogStore(dataDir, {
      retentionDays: 1,
      onRetentionRemoval: () => {
        if (fail) throw new Error("audit log down");
      },
    });
    await expect(second.compact()).rejects.toThrow("audit log down");
    expect(await walCount(dataDir)).toBe(2);
    fail = false;
    expect(await second.compact()).toEqual({ segmentsDropped: 1, artifactsRemoved: 1 });
  });

  it("keeps everything with retention 0", async () => {
    const store = await openLogStore(await tmpLogDir(), { retentionDays: 0, segmentMaxBytes: 1 });
    const ancient = aged(5000, "ancient-seed-0000000");
    await store.commit(ancient, never);
    await store.commit(makeEntry(), never);
    expect(await store.compact()).toEqual({ segmentsDropped: 0, artifactsRemoved: 0 });
    await expectStored(store, ancient);
  });
});
