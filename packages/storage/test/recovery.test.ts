import { mkdir, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { type CommitEntry, hashBytes } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { encodeJournalFrame, toJournalEntry } from "../src/journal/frame.ts";
import { startCommitLoop } from "./helpers/child.ts";
import { makeEntry, never } from "./helpers/entry.ts";
import { openStore, tmpDataDir } from "./helpers/tmp-store.ts";

/** A pid that cannot belong to a live process (above the kernel's pid_max). */
const DEAD_PID = 4_194_305;

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function paths(dataDir: string, entry: { qrg_id: string; content_hash: string }) {
  const uuid = entry.qrg_id.slice("qrg:".length);
  const hex = entry.content_hash.slice("sha256:".length);
  return {
    record: join(dataDir, "artifacts", "records", `${uuid}.json`),
    attestation: join(dataDir, "attestations", `${uuid}.att.json`),
    content: join(dataDir, "artifacts", "content", "sha256", hex.slice(0, 2), `${hex}.bin`),
  };
}

/** Writes a journal directory as a store that has since died would have left it. */
async function writeOrphanedJournal(
  dataDir: string,
  segments: Buffer[],
  owner = `${DEAD_PID}-0badc0de-1`,
  ownerFile?: object,
): Promise<string> {
  const dir = join(dataDir, "journal", owner);
  await mkdir(dir, { recursive: true });
  if (ownerFile) await writeFile(join(dir, "owner.json"), JSON.stringify(ownerFile));
  for (const [i, bytes] of segments.entries()) {
    await writeFile(join(dir, `${String(i + 1).padStart(12, "0")}.wal`), bytes);
  }
  return dir;
}

/** Every record parses, every attestation parses, every content file hashes to its name; no temp file. */
async function expectNoPartialFiles(dataDir: string): Promise<void> {
  const all = await listAll(dataDir);
  expect(all.filter((path) => path.includes(".tmp-"))).toEqual([]);
  for (const path of all) {
    if (path.includes(join("artifacts", "records"))) {
      const record = JSON.parse(await readFile(path, "utf8"));
      expect(record.response.qrg_id).toBe(`qrg:${basename(path, ".json")}`);
    } else if (path.includes(join("artifacts", "content"))) {
      expect(hashBytes("sha256", await readFile(path))).toBe(`sha256:${basename(path, ".bin")}`);
    } else if (path.includes(join(dataDir, "attestations"))) {
      expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({
        qrg_id: `qrg:${basename(path, ".att.json")}`,
      });
    }
  }
}

describe("recovery of temp files", () => {
  it("removes temp files of dead writers at start and never touches completed files", async () => {
    const dataDir = await tmpDataDir();
    const store = await openStore(dataDir);
    const entry = makeEntry();
    await store.commit(entry, never);
    const records = join(dataDir, "artifacts", "records");
    const stale = join(records, `${entry.qrg_id.slice(4)}.json.tmp-${DEAD_PID}-0badc0de-7`);
    const live = join(records, `other.json.tmp-${process.ppid}-0badc0de-1`);
    const lookalike = join(records, "notes.tmp-x.json");
    await writeFile(stale, '{"half');
    await writeFile(live, '{"in flight');
    await writeFile(lookalike, "kept");

    const reopened = await openStore(dataDir);
    const names = await readdir(records);
    expect(names).not.toContain(`${entry.qrg_id.slice(4)}.json.tmp-${DEAD_PID}-0badc0de-7`);
    expect(names).toContain(`other.json.tmp-${process.ppid}-0badc0de-1`);
    expect(names).toContain("notes.tmp-x.json");
    expect(await reopened.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("treats temp files of a dead predecessor with this very pid as stale", async () => {
    const dataDir = await tmpDataDir();
    await openStore(dataDir);
    const name = `x.att.json.tmp-${process.pid}-00000000-3`;
    await writeFile(join(dataDir, "attestations", name), "half");
    await openStore(dataDir);
    expect(await readdir(join(dataDir, "attestations"))).not.toContain(name);
  });
});

describe("recovery from a crash", () => {
  it("survives SIGKILL mid-batch: every commit reported before the kill is complete after reopening", async () => {
    const dataDir = await tmpDataDir();
    const child = startCommitLoop(dataDir);
    await child.waitForReports(20);
    // Let it commit for a while with 16 commits in flight, then pull the plug.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill();
    expect(await child.exited).toBe("SIGKILL");
    const reported = child.reported();

    const store = await openStore(dataDir);
    expect(store.stats.recovery?.journals).toBe(1);
    expect(reported.length).toBeGreaterThan(20);
    for (const qrgId of reported) {
      const record = await store.getRecord(qrgId);
      expect(record?.response.qrg_id).toBe(qrgId);
      const content = await store.getContent(record!.content_hash);
      expect(hashBytes("sha256", content!)).toBe(record!.content_hash);
      expect(JSON.parse(Buffer.from((await store.getAttestation(qrgId))!).toString("utf8"))).toMatchObject({
        qrg_id: qrgId,
      });
    }
    await expectNoPartialFiles(dataDir);
    // The dead store's journal was replayed, made durable and deleted; only the new store's remains.
    expect(
      (await readdir(join(dataDir, "journal"))).filter((name) => !name.startsWith(`${process.pid}-`)),
    ).toEqual([]);
  });

  it("replays a crashed store's journal, rewriting files that are missing or damaged", async () => {
    const dataDir = await tmpDataDir();
    const child = startCommitLoop(dataDir, 8);
    expect(await child.exited).toBe("SIGKILL");
    const reported = child.reported();
    expect(reported).toHaveLength(8);

    const shared = makeEntry("shared-seed-0000000").content_hash;
    const records = await Promise.all(
      reported.map(async (qrgId) => {
        const file = paths(dataDir, { qrg_id: qrgId, content_hash: shared }).record;
        return JSON.parse(await readFile(file, "utf8")) as CommitEntry["record"];
      }),
    );
    const fresh = records.filter((record) => record.content_hash !== shared);
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    const others = records.filter((record) => record !== fresh[0] && record !== fresh[1]);
    const [a, b, c, d] = [others[0]!, others[1]!, fresh[0]!, fresh[1]!];
    const originals = new Map<string, Buffer>();
    for (const record of [a, b, c, d]) {
      const p = paths(dataDir, { qrg_id: record.response.qrg_id, content_hash: record.content_hash });
      for (const file of Object.values(p)) originals.set(file, await readFile(file));
    }
    // What a power loss can leave of renamed but unflushed files: missing, empty, or garbage.
    const pa = paths(dataDir, { qrg_id: a.response.qrg_id, content_hash: a.content_hash });
    const pb = paths(dataDir, { qrg_id: b.response.qrg_id, content_hash: b.content_hash });
    const pc = paths(dataDir, { qrg_id: c.response.qrg_id, content_hash: c.content_hash });
    const pd = paths(dataDir, { qrg_id: d.response.qrg_id, content_hash: d.content_hash });
    await rm(pa.record);
    await truncate(pb.attestation, 0);
    await rm(pc.content);
    await writeFile(pd.content, Buffer.alloc(originals.get(pd.content)!.byteLength, 0));

    const store = await openStore(dataDir);
    expect(store.stats.recovery).toMatchObject({
      journals: 1,
      entries: 8,
      rewrittenFiles: 4,
      ignoredBytes: 0,
    });
    for (const [file, bytes] of originals) expect(await readFile(file)).toEqual(bytes);
    for (const qrgId of reported) expect((await store.getRecord(qrgId))?.response.qrg_id).toBe(qrgId);
    await expectNoPartialFiles(dataDir);
  });

  it("ignores a torn tail: the entry whose frame was cut short is not materialised", async () => {
    const dataDir = await tmpDataDir();
    const entries = Array.from({ length: 4 }, (_, i) => makeEntry(`torn-seed-${i}-0000000000`));
    const frames = entries.map((entry) => encodeJournalFrame(toJournalEntry(entry)));
    const cut = frames[3]!.subarray(0, frames[3]!.byteLength - 7);
    const journal = await writeOrphanedJournal(dataDir, [Buffer.concat([...frames.slice(0, 3), cut])]);

    const store = await openStore(dataDir);
    expect(store.stats.recovery).toMatchObject({
      journals: 1,
      segments: 1,
      entries: 3,
      ignoredBytes: cut.byteLength,
    });
    for (const entry of entries.slice(0, 3)) {
      expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
      expect(await store.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
      expect(await store.getContent(entry.content_hash)).toEqual(entry.content);
    }
    expect(await store.getRecord(entries[3]!.qrg_id)).toBeUndefined();
    expect(await store.getAttestation(entries[3]!.qrg_id)).toBeUndefined();
    await expect(readdir(journal)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("ignores a last frame whose checksum does not match, and replays segments in order", async () => {
    const dataDir = await tmpDataDir();
    const [first, second, corrupt] = [makeEntry("crc-seed-a-000000"), makeEntry(), makeEntry()];
    const bad = encodeJournalFrame(toJournalEntry(corrupt));
    bad[bad.byteLength - 3]! ^= 0xff;
    await writeOrphanedJournal(dataDir, [
      encodeJournalFrame(toJournalEntry(first)),
      Buffer.concat([encodeJournalFrame(toJournalEntry(second)), bad]),
    ]);

    const store = await openStore(dataDir);
    expect(store.stats.recovery).toMatchObject({ segments: 2, entries: 2, ignoredBytes: bad.byteLength });
    expect(await store.getRecord(first.qrg_id)).toEqual(first.record);
    expect(await store.getRecord(second.qrg_id)).toEqual(second.record);
    expect(await store.getRecord(corrupt.qrg_id)).toBeUndefined();
  });

  it("skips a journaled entry whose qrg_id would escape the data directory", async () => {
    const dataDir = await tmpDataDir();
    const good = makeEntry();
    const evil = { ...toJournalEntry(makeEntry()), qrg_id: "qrg:../../../escape" };
    await writeOrphanedJournal(dataDir, [
      Buffer.concat([encodeJournalFrame(evil), encodeJournalFrame(toJournalEntry(good))]),
    ]);

    const store = await openStore(dataDir);
    expect(store.stats.recovery).toMatchObject({ entries: 1, skippedEntries: 1 });
    expect(await store.getRecord(good.qrg_id)).toEqual(good.record);
    expect((await listAll(dataDir)).filter((path) => path.includes("escape"))).toEqual([]);
  });
  it("recovers once when two stores open on a crashed journal at the same time", async () => {
    const dataDir = await tmpDataDir();
    const entries = Array.from({ length: 20 }, () => makeEntry());
    await writeOrphanedJournal(dataDir, [
      Buffer.concat(entries.map((e) => encodeJournalFrame(toJournalEntry(e)))),
    ]);

    const [one, two] = await Promise.all([openStore(dataDir), openStore(dataDir)]);
    for (const entry of entries) {
      expect(await one.getRecord(entry.qrg_id)).toEqual(entry.record);
      expect(await two.getAttestation(entry.qrg_id)).toEqual(entry.attestation);
    }
    expect(await readdir(join(dataDir, "journal"))).toHaveLength(2);
  });
});

describe("journal ownership", () => {
  it("never replays the journal of a store that is still open", async () => {
    const dataDir = await tmpDataDir();
    const first = await openStore(dataDir);
    const early = makeEntry();
    await first.commit(early, never);

    const second = await openStore(dataDir);
    expect(second.stats.recovery?.journals).toBe(0);
    const late = makeEntry();
    await first.commit(late, never);
    expect(await second.getRecord(early.qrg_id)).toEqual(early.record);
    expect(await second.getRecord(late.qrg_id)).toEqual(late.record);
    expect(await readdir(join(dataDir, "journal"))).toHaveLength(2);
  });

  it("leaves the journal of another live process alone", async () => {
    const dataDir = await tmpDataDir();
    const startTime = (await readFile(`/proc/${process.ppid}/stat`, "utf8")).split(") ")[1]!.split(" ")[19];
    const bootId = (await readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
    const entry = makeEntry();
    const journal = await writeOrphanedJournal(
      dataDir,
      [encodeJournalFrame(toJournalEntry(entry))],
      `${process.ppid}-0badc0de-1`,
      { pid: process.ppid, boot_id: bootId, start_time: startTime },
    );

    const store = await openStore(dataDir);
    expect(store.stats.recovery?.journals).toBe(0);
    expect(await readdir(journal)).toContain("000000000001.wal");
    expect(await store.getRecord(entry.qrg_id)).toBeUndefined();
  });

  it("replays a journal whose pid now belongs to an unrelated process (other start time or boot)", async () => {
    const dataDir = await tmpDataDir();
    const bootId = (await readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
    const recycled = makeEntry();
    const rebooted = makeEntry();
    await writeOrphanedJournal(
      dataDir,
      [encodeJournalFrame(toJournalEntry(recycled))],
      `${process.ppid}-0badc0de-1`,
      {
        pid: process.ppid,
        boot_id: bootId,
        start_time: "1",
      },
    );
    await writeOrphanedJournal(
      dataDir,
      [encodeJournalFrame(toJournalEntry(rebooted))],
      `${process.ppid}-0badc0de-2`,
      {
        pid: process.ppid,
        boot_id: "00000000-0000-0000-0000-000000000000",
      },
    );

    const store = await openStore(dataDir);
    expect(store.stats.recovery?.journals).toBe(2);
    expect(await store.getRecord(recycled.qrg_id)).toEqual(recycled.record);
    expect(await store.getRecord(rebooted.qrg_id)).toEqual(rebooted.record);
  });
});
