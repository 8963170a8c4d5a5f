import { createReadStream } from "node:fs";
import { access, open } from "node:fs/promises";
import { createInterface } from "node:readline";

/** Each newline-terminated line of a file with its 1-based number; a torn last line is reported apart. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; number: number }> {
  try {
    await access(path);
  } catch {
    return; // a log that was never written has no lines
  }
  const endsWithNewline = await lastByteIsNewline(path);
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  let previous: string | undefined;
  for await (const line of lines) {
    if (previous !== undefined) yield { line: previous, number };
    previous = line;
    number++;
  }
  if (previous !== undefined && endsWithNewline) yield { line: previous, number };
}

/** Whether the file ends with a complete line (true for an empty or missing file). */
export async function lastByteIsNewline(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 1);
    return byte[0] === 10;
  } finally {
    await handle.close();
  }
}
