import { crc32 } from "node:zlib";
import type { CommitEntry } from "@qrg/core";
import { z } from "zod";

/**
 * One committed entry as it travels through the journal: everything needed to materialise its three
 * files again after a crash. `record` holds the exact bytes written to `records/<uuid>.json`.
 */
export interface JournalEntry {
  qrg_id: string;
  content_hash: string;
  content_type: string;
  content: Uint8Array;
  attestation: Uint8Array;
  record: Uint8Array;
}

/** The journal's form of a commit: the record serialised once, as it will be materialised. */
export function toJournalEntry(entry: CommitEntry): JournalEntry {
  return {
    qrg_id: entry.qrg_id,
    content_hash: entry.content_hash,
    content_type: entry.record.content_type,
    content: entry.content,
    attestation: entry.attestation,
    record: Buffer.from(JSON.stringify(entry.record)),
  };
}

/*
 * Frame layout (little-endian):
 *
 *   u32 magic "QRGJ" | u32 body length | u32 CRC-32 of the body | body
 *   body = u32 header length | header JSON (UTF-8) | content | attestation | record
 *
 * The header names the entry and the three payload lengths. A frame is valid only when it is complete
 * and its CRC matches: a crash during the append of a batch leaves a short or mismatching tail, which is
 * exactly the part of the log whose commits were never acknowledged.
 */
const MAGIC = 0x4a475251;
const PREFIX_BYTES = 12;
const FORMAT_VERSION = 1;

const FrameHeaderSchema = z.object({
  v: z.literal(FORMAT_VERSION),
  qrg_id: z.string(),
  content_hash: z.string(),
  content_type: z.string(),
  content_length: z.number().int().nonnegative(),
  attestation_length: z.number().int().nonnegative(),
  record_length: z.number().int().nonnegative(),
});

/** Encodes one entry as a self-checking frame, ready to be appended to a segment. */
export function encodeJournalFrame(entry: JournalEntry): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      v: FORMAT_VERSION,
      qrg_id: entry.qrg_id,
      content_hash: entry.content_hash,
      content_type: entry.content_type,
      content_length: entry.content.byteLength,
      attestation_length: entry.attestation.byteLength,
      record_length: entry.record.byteLength,
    }),
  );
  const bodyLength =
    4 + header.byteLength + entry.content.byteLength + entry.attestation.byteLength + entry.record.byteLength;
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + bodyLength);
  let offset = PREFIX_BYTES;
  offset = frame.writeUInt32LE(header.byteLength, offset);
  offset += header.copy(frame, offset);
  for (const part of [entry.content, entry.attestation, entry.record]) {
    frame.set(part, offset);
    offset += part.byteLength;
  }
  const body = frame.subarray(PREFIX_BYTES);
  frame.writeUInt32LE(MAGIC, 0);
  frame.writeUInt32LE(body.byteLength, 4);
  frame.writeUInt32LE(crc32(body), 8);
  return frame;
}

export interface DecodedSegment {
  entries: JournalEntry[];
  /** Bytes from the start that hold complete, valid frames. */
  validBytes: number;
  /** Bytes after the last valid frame: a torn tail (or damage), never acknowledged, ignored. */
  ignoredBytes: number;
}

/**
 * Reads every complete, valid frame from the start of a segment and stops at the first one that is short,
 * fails its CRC or does not parse: framing is lost from there, and with one append per batch only the last
 * batch can be torn.
 */
export function decodeJournalSegment(bytes: Uint8Array): DecodedSegment {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: JournalEntry[] = [];
  let offset = 0;
  for (;;) {
    const decoded = decodeFrameAt(buffer, offset);
    if (!decoded) break;
    entries.push(decoded.entry);
    offset = decoded.next;
  }
  return { entries, validBytes: offset, ignoredBytes: buffer.byteLength - offset };
}

function decodeFrameAt(buffer: Buffer, offset: number): { entry: JournalEntry; next: number } | undefined {
  if (buffer.byteLength - offset < PREFIX_BYTES) return undefined;
  if (buffer.readUInt32LE(offset) !== MAGIC) return undefined;
  const bodyLength = buffer.readUInt32LE(offset + 4);
  const bodyStart = offset + PREFIX_BYTES;
  const next = bodyStart + bodyLength;
  if (bodyLength < 4 || next > buffer.byteLength) return undefined;
  const body = buffer.subarray(bodyStart, next);
  if (crc32(body) !== buffer.readUInt32LE(offset + 8)) return undefined;

  const headerLength = body.readUInt32LE(0);
  if (4 + headerLength > body.byteLength) return undefined;
  let header: z.infer<typeof FrameHeaderSchema>;
  try {
    header = FrameHeaderSchema.parse(JSON.parse(body.toString("utf8", 4, 4 + headerLength)));
  } catch {
    return undefined;
  }
  const contentStart = 4 + headerLength;
  const attestationStart = contentStart + header.content_length;
  const recordStart = attestationStart + header.attestation_length;
  if (recordStart + header.record_length !== body.byteLength) return undefined;
  return {
    entry: {
      qrg_id: header.qrg_id,
      content_hash: header.content_hash,
      content_type: header.content_type,
      content: body.subarray(contentStart, attestationStart),
      attestation: body.subarray(attestationStart, recordStart),
      record: body.subarray(recordStart),
    },
    next,
  };
}
