import type { FileHandle } from "node:fs/promises";

/** Longer than any entry or checkpoint the log writes; a longer last line means the file is not ours. */
const TAIL_WINDOW = 64 * 1024;

export interface FileTail {
  /** The last newline-terminated line, without its newline; undefined when the file has none. */
  line?: string;
  /** Bytes up to and including the last newline: everything after it is a torn (unacknowledged) write. */
  completeSize: number;
  size: number;
}

/**
 * Reads the end of a line-oriented append-only file without reading all of it. A write is acknowledged
 * only after its newline is durable, so bytes after the last newline are a write that a crash cut short.
 */
export async function readLastLine(handle: FileHandle): Promise<FileTail> {
  const { size } = await handle.stat();
  if (size === 0) return { completeSize: 0, size };
  const start = Math.max(0, size - TAIL_WINDOW);
  const buffer = Buffer.alloc(size - start);
  await handle.read(buffer, 0, buffer.length, start);
  const lastNewline = buffer.lastIndexOf(10);
  if (lastNewline === -1) {
    if (start > 0) throw new Error(`no line break in the last ${TAIL_WINDOW} bytes`);
    return { completeSize: 0, size };
  }
  const previousNewline = lastNewline === 0 ? -1 : buffer.lastIndexOf(10, lastNewline - 1);
  if (previousNewline === -1 && start > 0) throw new Error(`a line longer than ${TAIL_WINDOW} bytes`);
  return {
    line: buffer.subarray(previousNewline + 1, lastNewline).toString("utf8"),
    completeSize: start + lastNewline + 1,
    size,
  };
}
