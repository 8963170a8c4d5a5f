import fs from "node:fs";

/**
 * Positioned reads from segment files, one read-only fd per segment kept open (segments are immutable
 * below their valid end, so an fd never sees bytes change). Plain fds and callback fs: measured cheaper
 * than FileHandles on the validate path. A dropped segment's fd is closed; reads already holding it
 * finish (the file lives on until its last fd closes).
 */
export class SegmentReader {
  readonly #fds = new Map<string, Promise<number>>();

  /** Reads exactly `length` bytes at `offset` of `path`; throws if the file ends first. */
  async read(path: string, offset: number, length: number): Promise<Buffer> {
    let fd = this.#fds.get(path);
    if (!fd) {
      fd = new Promise<number>((done, fail) =>
        fs.open(path, "r", (error, n) => (error ? fail(error) : done(n))),
      );
      this.#fds.set(path, fd);
      fd.catch(() => this.#fds.delete(path));
    }
    const handle = await fd;
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = await new Promise<number>((ok, fail) =>
        fs.read(handle, buffer, done, length - done, offset + done, (error, bytes) =>
          error ? fail(error) : ok(bytes),
        ),
      );
      if (n === 0) throw new Error(`segment ${path} ends before offset ${offset + length}`);
      done += n;
    }
    return buffer;
  }

  /** Closes the fd of a segment that is gone. */
  forget(path: string): void {
    const fd = this.#fds.get(path);
    this.#fds.delete(path);
    fd?.then(closeFd, () => {});
  }

  /** Closes every fd. */
  async closeAll(): Promise<void> {
    const fds = [...this.#fds.values()];
    this.#fds.clear();
    await Promise.all(fds.map(async (fd) => closeFd(await fd.catch(() => -1))));
  }
}

function closeFd(fd: number): void {
  if (fd >= 0) fs.close(fd, () => {});
}
