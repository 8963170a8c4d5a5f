import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashBytes } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { createFsArtifactStore } from "../src/index.ts";
import { makeEntry, never } from "./helpers/entry.ts";
import { tmpDataDir } from "./helpers/tmp-store.ts";

/** A pid that cannot belong to a live process (above the kernel's pid_max). */
const DEAD_PID = 4_194_305;

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("recovery", () => {
  it("removes temp files of dead writers at start and never touches completed files", async () => {
    const dataDir = await tmpDataDir();
    const store = await createFsArtifactStore({ dataDir });
    const entry = makeEntry();
    await store.commit(entry, never);
    const records = join(dataDir, "artifacts", "records");
    const stale = join(records, `${entry.qrg_id.slice(4)}.json.tmp-${DEAD_PID}-0badc0de-7`);
    const live = join(records, `other.json.tmp-${process.ppid}-0badc0de-1`);
    const lookalike = join(records, "notes.tmp-x.json");
    await writeFile(stale, '{"half');
    await writeFile(live, '{"in flight');
    await writeFile(lookalike, "kept");

    const reopened = await createFsArtifactStore({ dataDir });
    const names = await readdir(records);
    expect(names).not.toContain(`${entry.qrg_id.slice(4)}.json.tmp-${DEAD_PID}-0badc0de-7`);
    expect(names).toContain(`other.json.tmp-${process.ppid}-0badc0de-1`);
    expect(names).toContain("notes.tmp-x.json");
    expect(await reopened.getRecord(entry.qrg_id)).toEqual(entry.record);
  });

  it("treats temp files of a dead predecessor with this very pid as stale", async () => {
    const dataDir = await tmpDataDir();
    await createFsArtifactStore({ dataDir });
    const name = `x.att.json.tmp-${process.pid}-00000000-3`;
    await writeFile(join(dataDir, "attestations", name), "half");
    await createFsArtifactStore({ dataDir });
    expect(await readdir(join(dataDir, "attestations"))).not.toContain(name);
  });

  it("survives SIGKILL mid-commit: every visible record is complete, with its content and attestation", async () => {
    const dataDir = await tmpDataDir();
    const child = spawn(process.execPath, [join(import.meta.dirname, "helpers", "commit-loop.ts"), dataDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve();
      });
      child.on("exit", () => reject(new Error(`commit loop exited early: ${stderr}`)));
    });
    // Let it commit for a while with 16 commits in flight, then pull the plug.
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const store = await createFsArtifactStore({ dataDir });
    const recordNames = await readdir(join(dataDir, "artifacts", "records"));
    expect(recordNames.length).toBeGreaterThan(10);
    for (const name of recordNames) {
      expect(name).toMatch(/^[a-f0-9-]+\.json$/);
      const qrgId = `qrg:${name.slice(0, -".json".length)}`;
      const record = await store.getRecord(qrgId);
      expect(record?.response.qrg_id).toBe(qrgId);
      const content = await store.getContent(record!.content_hash);
      expect(content).toBeDefined();
      expect(hashBytes("sha256", content!)).toBe(record!.content_hash);
      expect(await store.getAttestation(qrgId)).toBeDefined();
    }
    // Reopening cleaned up every temp file the killed writer left behind.
    const leftovers = (await listAll(dataDir)).filter((path) => path.includes(".tmp-"));
    expect(leftovers).toEqual([]);
    // Attestations without a record (killed between the two links) stay hidden; all others parse.
    for (const name of await readdir(join(dataDir, "attestations"))) {
      const text = await readFile(join(dataDir, "attestations", name), "utf8");
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });
});
