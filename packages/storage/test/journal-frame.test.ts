import { describe, expect, it } from "vitest";
import { decodeJournalSegment, encodeJournalFrame, type JournalEntry } from "../src/journal/frame.ts";

function entry(n: number, contentBytes = 40): JournalEntry {
  return {
    qrg_id: `qrg:0000000${n}-0000-4000-8000-000000000000`,
    content_hash: `sha256:${String(n).repeat(64).slice(0, 64)}`,
    content_type: "application/json",
    content: new Uint8Array(contentBytes).fill(n),
    attestation: new TextEncoder().encode(`{"n":${n}}`),
    record: new TextEncoder().encode(`{"record":${n}}`),
  };
}

function plain(e: JournalEntry) {
  return { ...e, content: [...e.content], attestation: [...e.attestation], record: [...e.record] };
}

describe("journal frames", () => {
  it("round-trips entries, including empty payloads", () => {
    const entries = [entry(1), entry(2, 0), entry(3, 70_000)];
    const decoded = decodeJournalSegment(Buffer.concat(entries.map(encodeJournalFrame)));
    expect(decoded.entries.map(plain)).toEqual(entries.map(plain));
    expect(decoded.ignoredBytes).toBe(0);
  });

  it("reads nothing from an empty segment", () => {
    expect(decodeJournalSegment(new Uint8Array(0))).toEqual({ entries: [], validBytes: 0, ignoredBytes: 0 });
  });

  it("stops before a frame cut anywhere short, at every possible length", () => {
    const first = encodeJournalFrame(entry(1));
    const second = encodeJournalFrame(entry(2));
    for (let keep = 0; keep < second.byteLength; keep++) {
      const decoded = decodeJournalSegment(Buffer.concat([first, second.subarray(0, keep)]));
      expect(decoded.entries).toHaveLength(1);
      expect(decoded.validBytes).toBe(first.byteLength);
      expect(decoded.ignoredBytes).toBe(keep);
    }
  });

  it("stops at a frame with any single flipped byte", () => {
    const first = encodeJournalFrame(entry(1));
    const second = encodeJournalFrame(entry(2));
    for (let at = 0; at < second.byteLength; at++) {
      const damaged = Buffer.from(second);
      damaged[at]! ^= 0x01;
      const decoded = decodeJournalSegment(Buffer.concat([first, damaged]));
      expect(decoded.entries.map((e) => e.qrg_id)).toEqual([entry(1).qrg_id]);
    }
  });

  it("stops at zero bytes left by a crash after the file grew", () => {
    const frame = encodeJournalFrame(entry(1));
    const decoded = decodeJournalSegment(Buffer.concat([frame, Buffer.alloc(4096)]));
    expect(decoded.entries).toHaveLength(1);
    expect(decoded.ignoredBytes).toBe(4096);
  });
});
