import { type FileHandle, open } from "node:fs/promises";
import { decodeJournalSegment, type JournalEntry } from "../journal/frame.ts";

/** A frame found by a scan: the entry (views into the scanned bytes) and where its payloads sit in the file. */
export interface ScannedFrame {
  entry: JournalEntry;
  contentOffset: number;
  attestationOffset: number;
  recordOffset: number;
}

export interface SegmentScan {
  frames: ScannedFrame[];
  /** File offset just after the last complete, valid frame: where the next scan starts. */
  validEnd: number;
  /** File size seen by the scan; bytes past `validEnd` are preallocated zeros, or a torn (or in-flight) tail. */
  fileSize: number;
  /**
   * With `inspectTail`: true when non-zero bytes follow `validEnd`, a torn or damaged tail rather than
   * preallocated space. Always false without it (a live writer's tail is not inspected).
   */
  tornTail: boolean;
}

const CHUNK_BYTES = 1024 * 1024;
const FRAME_PREFIX_BYTES = 12;

/**
 * Decodes every complete, CRC-valid frame of a segment from `from` (a frame boundary), reading it in
 * chunks: segments are preallocated with zeros, so the scan must stop at the first invalid frame rather
 * than read to the end of the file. In a dead writer's segment an invalid frame followed by non-zero bytes
 * is a torn tail of an unacknowledged batch; in a live writer's segment it may be a batch being written.
 */
export async function scanSegment(path: string, from: number, inspectTail = false): Promise<SegmentScan> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const frames: ScannedFrame[] = [];
    let position = from;
    while (position < size) {
      const want = Math.min(size - position, Math.max(CHUNK_BYTES, await frameLengthAt(handle, position)));
      const bytes = await readAt(handle, position, want);
      const decoded = decodeJournalSegment(bytes);
      if (decoded.entries.length === 0) break;
      const at = (view: Uint8Array) => position + view.byteOffset - bytes.byteOffset;
      for (const entry of decoded.entries) {
        frames.push({
          entry,
          contentOffset: at(entry.content),
          attestationOffset: at(entry.attestation),
          recordOffset: at(entry.record),
        });
      }
      position += decoded.validBytes;
    }
    const tornTail = inspectTail && position < size && !(await isZeroFilled(handle, position, size));
    return { frames, validEnd: position, fileSize: size, tornTail };
  } finally {
    await handle.close();
  }
}

/** The whole length of the frame starting at `position` per its prefix (0 when there is none). */
async function frameLengthAt(handle: FileHandle, position: number): Promise<number> {
  const prefix = await readAt(handle, position, FRAME_PREFIX_BYTES);
  return prefix.byteLength === FRAME_PREFIX_BYTES ? FRAME_PREFIX_BYTES + prefix.readUInt32LE(4) : 0;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(bytes, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return bytes.subarray(0, read);
}

async function isZeroFilled(handle: FileHandle, from: number, to: number): Promise<boolean> {
  for (let position = from; position < to; position += CHUNK_BYTES) {
    const bytes = await readAt(handle, position, Math.min(CHUNK_BYTES, to - position));
    if (bytes.some((byte) => byte !== 0)) return false;
  }
  return true;
}
