import { generateKeyPairSync, sign, verify } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditSignatureCheck, AuditSigner } from "../../src/audit/audit-entry.ts";
import { AUDIT_CHECKPOINT_FILE, AUDIT_LOG_FILE, AuditLog } from "../../src/audit/audit-log.ts";
import { readAuditTail } from "../../src/audit/audit-tail.ts";
import { verifyAuditLog } from "../../src/audit/audit-verify.ts";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const signer: AuditSigner = {
  keyId: "test-ed25519",
  algorithm: "ed25519",
  sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
};
const checkSignature: AuditSignatureCheck = async (payload, signature, keyId) =>
  keyId === signer.keyId && verify(null, payload, publicKey, signature);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "qrg-audit-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const event = (i: number) =>
  ({ action: "artifact.read", outcome: "success", actor: `lid:user${i}`, status: 200 }) as const;

async function writeEntries(count: number, options: { checkpointEvery?: number } = {}) {
  const log = await AuditLog.open({ dir, signer: async () => signer, ...options });
  const receipts = await Promise.all(Array.from({ length: count }, (_, i) => log.append(event(i))));
  await log.close();
  return receipts;
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(join(dir, file), "utf8")).split("\n").filter(Boolean);
}

describe("AuditLog", () => {
  it("chains every entry to the previous one and signs the head on close", async () => {
    const receipts = await writeEntries(5);
    expect(receipts.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const entries = (await lines(AUDIT_LOG_FILE)).map((l) => JSON.parse(l));
    for (let i = 1; i < entries.length; i++) expect(entries[i].prev).toBe(entries[i - 1].hash);
    const report = await verifyAuditLog({ dir, checkSignature });
    expect(report).toMatchObject({
      ok: true,
      entries: 5,
      checkpoints: 1,
      unsignedEntries: 0,
      tornTail: false,
    });
    expect(report.head).toEqual(receipts[4]);
  });

  it("never drops an entry under a burst of concurrent appends, in append order", async () => {
    const receipts = await writeEntries(2000, { checkpointEvery: 500 });
    expect(new Set(receipts.map((r) => r.seq)).size).toBe(2000);
    const entries = (await lines(AUDIT_LOG_FILE)).map((l) => JSON.parse(l));
    expect(entries).toHaveLength(2000);
    expect(entries.map((e) => e.event.actor)).toEqual(Array.from({ length: 2000 }, (_, i) => `lid:user${i}`));
    const report = await verifyAuditLog({ dir, checkSignature });
    expect(report.ok).toBe(true);
    // One group commit holds the whole burst, so one checkpoint covers it.
    expect(report.checkpoints).toBeGreaterThanOrEqual(1);
    expect(report.unsignedEntries).toBe(0);
  });

  it("continues the chain after a reopen", async () => {
    await writeEntries(3);
    const log = await AuditLog.open({ dir, signer: async () => signer });
    expect(log.head.seq).toBe(3);
    expect((await log.append(event(9))).seq).toBe(4);
    await log.close();
    expect(await verifyAuditLog({ dir, checkSignature })).toMatchObject({
      ok: true,
      entries: 4,
      checkpoints: 2,
    });
  });

  it("names the first edited entry", async () => {
    await writeEntries(6);
    const all = await lines(AUDIT_LOG_FILE);
    all[3] = all[3]!.replace('"outcome":"success"', '"outcome":"failure"');
    await writeFile(join(dir, AUDIT_LOG_FILE), `${all.join("\n")}\n`);
    const report = await verifyAuditLog({ dir, checkSignature });
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ file: AUDIT_LOG_FILE, line: 4, seq: 4 });
    expect(report.problem?.reason).toMatch(/hash does not match/);
  });

  it("detects an entry removed from the middle even when the rest is rehashed", async () => {
    await writeEntries(6);
    const all = await lines(AUDIT_LOG_FILE);
    all.splice(2, 1);
    await writeFile(join(dir, AUDIT_LOG_FILE), `${all.join("\n")}\n`);
    const report = await verifyAuditLog({ dir, checkSignature });
    expect(report.problem).toMatchObject({ line: 3, seq: 4, reason: "expected seq 3" });
  });

  it("detects truncation through the signed checkpoint", async () => {
    await writeEntries(6);
    const all = await lines(AUDIT_LOG_FILE);
    await writeFile(join(dir, AUDIT_LOG_FILE), `${all.slice(0, 4).join("\n")}\n`);
    const report = await verifyAuditLog({ dir, checkSignature });
    expect(report.ok).toBe(false);
    expect(report.problem?.reason).toMatch(
      /log truncated: checkpoints.log line 1 signs seq 6, the log ends at seq 4/,
    );
  });

  it("refuses a checkpoint whose signature does not verify", async () => {
    await writeEntries(2);
    const [line] = await lines(AUDIT_CHECKPOINT_FILE);
    const forged = JSON.parse(line!);
    forged.signature = Buffer.alloc(64, 7).toString("base64");
    await writeFile(join(dir, AUDIT_CHECKPOINT_FILE), `${JSON.stringify(forged)}\n`);
    const report = await verifyAuditLog({ dir, checkSignature });
    expect(report.problem).toMatchObject({ file: AUDIT_CHECKPOINT_FILE, line: 1 });
    expect(report.problem?.reason).toMatch(/signature does not verify/);
  });

  it("refuses a rewritten log whose chain is consistent but differs from the signed head", async () => {
    await writeEntries(3);
    // Rebuild the whole log with other events: self-consistent, but not what the checkpoint signed.
    await rm(join(dir, AUDIT_LOG_FILE));
    const forger = await AuditLog.open({ dir });
    for (let i = 0; i < 3; i++) await forger.append({ action: "artifact.read", outcome: "failure" });
    await forger.close();
    const report = await verifyAuditLog({ dir, checkSignature });
    expect(report.problem).toMatchObject({ file: AUDIT_LOG_FILE, seq: 3 });
    expect(report.problem?.reason).toMatch(/differs from the entry signed/);
  });

  it("cuts a torn, never-acknowledged tail on open and keeps chaining", async () => {
    await writeEntries(2);
    await appendFile(join(dir, AUDIT_LOG_FILE), '{"seq":3,"ts":"2026');
    expect(await verifyAuditLog({ dir, checkSignature })).toMatchObject({
      ok: true,
      tornTail: true,
      entries: 2,
    });
    const log = await AuditLog.open({ dir, signer: async () => signer });
    expect(log.recoveredTornBytes).toBe(19);
    expect((await log.append(event(3))).seq).toBe(3);
    await log.close();
    expect(await verifyAuditLog({ dir, checkSignature })).toMatchObject({
      ok: true,
      tornTail: false,
      entries: 3,
    });
  });

  it("refuses events that carry anything beyond the schema (no seeds, no tokens, no free text)", async () => {
    const log = await AuditLog.open({ dir });
    await expect(log.append({ ...event(1), seed: "secret" } as never)).rejects.toThrow(/refused audit event/);
    await expect(log.append({ ...event(1), reason: "Bearer eyJhbGciOi.x.y" })).rejects.toThrow(/refused/);
    await expect(log.append({ ...event(1), path: "/a?token=abc" })).rejects.toThrow(/refused/);
    await log.close();
    expect(await readFile(join(dir, AUDIT_LOG_FILE), "utf8")).toBe("");
  });

  it("writes a checkpoint every N entries while running", async () => {
    const log = await AuditLog.open({ dir, signer: async () => signer, checkpointEvery: 10 });
    for (let i = 0; i < 25; i++) await log.append(event(i));
    expect((await lines(AUDIT_CHECKPOINT_FILE)).map((l) => JSON.parse(l).seq)).toEqual([10, 20]);
    await log.close();
    expect((await lines(AUDIT_CHECKPOINT_FILE)).map((l) => JSON.parse(l).seq)).toEqual([10, 20, 25]);
  });

  it("refuses appends after close", async () => {
    const log = await AuditLog.open({ dir });
    await log.close();
    await expect(log.append(event(1))).rejects.toThrow(/closed/);
  });

  it("tails the last entries, oldest first", async () => {
    await writeEntries(7);
    const tail = await readAuditTail(dir, 3);
    expect(tail.map((e) => e.seq)).toEqual([5, 6, 7]);
  });
});
