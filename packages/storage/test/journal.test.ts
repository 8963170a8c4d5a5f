import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFilesystemSync, type DurabilityRequest } from "../src/durability/filesystem-sync.ts";
import { decodeJournalSegment } from "../src/journal/frame.ts";
import { makeEntry, never } from "./helpers/entry.ts";
import { openStore, tmpDataDir, tmpStore } from "./helpers/tmp-store.ts";

/** Every journal segment file under the data directory. */
async function segmentFiles(dataDir: string): Promise<string[]> {
  const entries = await readdir(join(dataDir, "journal"), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".wal")).map((e) => join(e.parentPath, e.name));
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A durability step the test releases by hand, recording what each call asked for. */
function gatedDurability() {
  const calls: DurabilityRequest[] = [];
  const gates: Array<{ release: () => void; fail: (error: Error) => void }> = [];
  const real = createFilesystemSync();
  const makeDurable = async (request: DurabilityRequest) => {
    calls.push(request);
    await new Promise<void>((resolve, reject) => gates.push({ release: resolve, fail: reject }));
    await real(request);
  };
  return { makeDurable, calls, gates };
}

describe("the group-commit journal", () => {
  it("groups many concurrent commits into far fewer journal fdatasyncs", async () => {
    const { store } = await tmpStore();
    const entries = Array.from({ length: 200 }, (_, i) => makeEntry(`group-seed-${i}-000000000`));

    await Promise.all(entries.map((entry) => store.commit(entry, never)));

    expect(store.stats.commits).toBe(200);
    expect(store.stats.journalBatches).toBeGreaterThan(0);
    expect(store.stats.journalBatches).toBeLessThanOrEqual(20);
    for (const entry of entries) expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("has a commit's entry in the journal on disk by the time the commit resolves", async () => {
    const { store, dataDir } = await tmpStore();
    const entry = makeEntry();
    await store.commit(entry, never);

    const [segment] = await segmentFiles(dataDir);
    const decoded = decodeJournalSegment(await readFile(segment!));
    expect(decoded.ignoredBytes).toBe(0);
    expect(decoded.entries).toHaveLength(1);
    const journaled = decoded.entries[0]!;
    expect(journaled.qrg_id).toBe(entry.qrg_id);
    expect(journaled.content_hash).toBe(entry.content_hash);
    expect(new Uint8Array(journaled.content)).toEqual(entry.content);
    expect(new Uint8Array(journaled.attestation)).toEqual(entry.attestation);
    expect(JSON.parse(Buffer.from(journaled.record).toString("utf8"))).toEqual(entry.record);
  });

  it("deletes a segment only after the checkpoint has made its files durable", async () => {
    const { makeDurable, calls, gates } = gatedDurability();
    const { store, dataDir } = await tmpStore({ makeDurable });
    const entries = [makeEntry("checkpoint-seed-a-00"), makeEntry("checkpoint-seed-b-00")];
    for (const entry of entries) await store.commit(entry, never);
    const [sealed] = await segmentFiles(dataDir);

    const checkpoint = store.checkpoint();
    await until(() => calls.length === 1, "the checkpoint to ask for durability");
    // The durability step asks for every materialised file; until it is done the segment stays.
    const uuids = entries.map((entry) => entry.qrg_id.slice(4));
    for (const uuid of uuids) {
      expect(calls[0]!.files).toContain(join(dataDir, "artifacts", "records", `${uuid}.json`));
      expect(calls[0]!.files).toContain(join(dataDir, "attestations", `${uuid}.att.json`));
    }
    expect(calls[0]!.root).toBe(dataDir);
    expect(await segmentFiles(dataDir)).toContain(sealed);

    gates[0]!.release();
    await checkpoint;
    expect(await segmentFiles(dataDir)).not.toContain(sealed);
    expect(store.stats).toMatchObject({ checkpoints: 1, segmentsDeleted: 1, segmentsPending: 0 });
    for (const entry of entries) expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("keeps a segment when its checkpoint fails, reports it in health, and retires it on the next one", async () => {
    const { makeDurable, gates } = gatedDurability();
    const { store, dataDir } = await tmpStore({ makeDurable });
    await store.commit(makeEntry(), never);
    const [sealed] = await segmentFiles(dataDir);

    const failing = store.checkpoint();
    await until(() => gates.length === 1, "the first durability call");
    gates[0]!.fail(new Error("EIO"));
    await expect(failing).rejects.toMatchObject({ code: "storage_error" });
    expect(await segmentFiles(dataDir)).toContain(sealed);
    expect(store.stats.checkpointFailures).toBe(1);
    expect(await store.health()).toBe("error");

    const retry = store.checkpoint();
    await until(() => gates.length === 2, "the retry");
    gates[1]!.release();
    await retry;
    expect(await segmentFiles(dataDir)).not.toContain(sealed);
    expect(await store.health()).toBe("ok");
  });

  it("makes checkpoints durable with one syncfs (sync -f) by default", async () => {
    const { store, dataDir } = await tmpStore();
    await store.commit(makeEntry(), never);
    await store.checkpoint();
    expect(store.stats.durability).toBe("syncfs");
    expect(await segmentFiles(dataDir)).toHaveLength(1); // only the fresh, empty current segment
  });

  it("falls back to fsyncing each file when the sync binary is missing", async () => {
    const makeDurable = createFilesystemSync({ syncCommand: "/nonexistent/qrg-sync" });
    const { store, dataDir } = await tmpStore({ makeDurable });
    const entry = makeEntry();
    await store.commit(entry, never);
    await store.checkpoint();
    expect(makeDurable.method()).toBe("fsync");
    expect(store.stats.segmentsDeleted).toBe(1);
    expect(await segmentFiles(dataDir)).toHaveLength(1);
    expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("rotates a segment that reaches its size limit and checkpoints it in the background", async () => {
    const { store, dataDir } = await tmpStore({ segmentMaxBytes: 8 * 1024 });
    const entries = Array.from({ length: 30 }, (_, i) => makeEntry(`rotate-seed-${i}-00000000`));
    for (const entry of entries) await store.commit(entry, never);

    expect(store.stats.rotations).toBeGreaterThanOrEqual(3);
    await until(() => store.stats.segmentsPending === 0, "background checkpoints");
    expect(store.stats.segmentsDeleted).toBe(store.stats.rotations);
    expect(await segmentFiles(dataDir)).toHaveLength(1);
    for (const entry of entries) expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("rotates and checkpoints a segment once it is old enough, even when commits stop", async () => {
    const { store, dataDir } = await tmpStore({ segmentMaxAgeMs: 50 });
    await store.commit(makeEntry(), never);
    await until(() => store.stats.segmentsDeleted === 1, "the age-based checkpoint");
    expect(store.stats.rotations).toBe(1);
    const [current] = await segmentFiles(dataDir);
    expect((await readFile(current!)).byteLength).toBe(0);
  });
});

describe("FsArtifactStore.close", () => {
  it("completes commits in flight, checkpoints, and removes its journal", async () => {
    const { store, dataDir } = await tmpStore();
    const entries = Array.from({ length: 50 }, (_, i) => makeEntry(`close-seed-${i}-0000000`));
    const commits = entries.map((entry) => store.commit(entry, never));
    // Close once some commits have passed the commit point (others may still be before it).
    await until(() => store.stats.journalBatches > 0, "the first batch");

    const closing = store.close();
    const results = await Promise.allSettled(commits);
    await closing;
    const committed = entries.filter((_, i) => results[i]!.status === "fulfilled");
    expect(committed.length).toBeGreaterThan(0);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "unavailable" });
    }
    expect(await readdir(join(dataDir, "journal"))).toEqual([]);

    const reopened = await openStore(dataDir);
    for (const entry of committed) expect(await reopened.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("is idempotent and refuses commits afterwards", async () => {
    const { store } = await tmpStore();
    await store.commit(makeEntry(), never);
    const first = store.close();
    expect(store.close()).toBe(first);
    await first;
    await store.close();
    await expect(store.commit(makeEntry(), never)).rejects.toMatchObject({ code: "unavailable" });
    expect(await store.health()).toBe("error");
  });

  it("lets the process exit when a store is left open", async () => {
    const dataDir = await tmpDataDir();
    const script = [
      `import { createFsArtifactStore } from ${JSON.stringify(join(import.meta.dirname, "..", "src", "index.ts"))};`,
      `import { makeEntry, never } from ${JSON.stringify(join(import.meta.dirname, "helpers", "entry.ts"))};`,
      `const store = await createFsArtifactStore({ dataDir: ${JSON.stringify(dataDir)} });`,
      "await store.commit(makeEntry(), never);",
      "await store.health();",
    ].join("\n");
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "inherit" });
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error("the process did not exit with an open store"));
      }, 10_000);
      child.on("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code).toBe(0);
  });
});
