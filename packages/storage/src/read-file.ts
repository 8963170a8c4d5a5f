import { close, fstat, open, read } from "node:fs";

/** Most records, attestations and symbolic artifacts fit: one read, no fstat. */
const FIRST_READ_BYTES = 16 * 1024;

/**
 * Reads a whole file with as few thread-pool round trips as possible: open, one read into a 64 KiB buffer
 * and — only when that filled up — fstat and a read of the rest. fs.readFile always pays open, fstat,
 * read and close in sequence; under the API's read load those hops, not the disk, set the latency.
 * The close is not awaited: nothing depends on it, and its error (there is none for a read-only fd that
 * was just read) could not change the bytes already read.
 * @returns the bytes, or undefined when the file does not exist
 */
export async function readWholeFile(path: string): Promise<Buffer | undefined> {
  const fd = await new Promise<number | undefined>((resolve, reject) =>
    open(path, "r", (error, fd) => {
      if (!error) resolve(fd);
      else if (error.code === "ENOENT") resolve(undefined);
      else reject(error);
    }),
  );
  if (fd === undefined) return undefined;
  try {
    const first = Buffer.allocUnsafe(FIRST_READ_BYTES);
    const got = await readInto(fd, first, 0);
    if (got < FIRST_READ_BYTES) return first.subarray(0, got);
    const size = await new Promise<number>((resolve, reject) =>
      fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats.size))),
    );
    let whole = Buffer.allocUnsafe(Math.max(size, FIRST_READ_BYTES + 1));
    first.copy(whole);
    let length = FIRST_READ_BYTES;
    for (;;) {
      if (length === whole.byteLength) {
        // The file grew since fstat (never for write-once files, but stay correct).
        const bigger = Buffer.allocUnsafe(whole.byteLength * 2);
        whole.copy(bigger);
        whole = bigger;
      }
      const more = await readInto(fd, whole, length);
      if (more === 0) break;
      length += more;
    }
    return whole.subarray(0, length);
  } finally {
    close(fd, () => {});
  }
}

function readInto(fd: number, buffer: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, offset, buffer.byteLength - offset, offset, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead),
    ),
  );
}
