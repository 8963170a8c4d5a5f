import { open, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Flips one bit of an artifact's content where the embedded log store keeps it: in the journal segment
 * that holds the bytes (found by searching every writer's segments for them). `at` counts from the
 * content's first byte; negative counts from its end. Throws if the bytes are in no segment.
 */
export async function flipStoredContentByte(dataDir: string, content: Uint8Array, at: number): Promise<void> {
  const writers = join(dataDir, "log", "writers");
  for (const writer of await readdir(writers)) {
    for (const name of await readdir(join(writers, writer))) {
      if (!name.endsWith(".wal")) continue;
      const handle = await open(join(writers, writer, name), "r+");
      try {
        const bytes = await handle.readFile();
        const start = bytes.indexOf(Buffer.from(content));
        if (start < 0) continue;
        const position = start + (at >= 0 ? at : content.byteLength + at);
        const one = Buffer.from([bytes[position]! ^ 0x01]);
        await handle.write(one, 0, 1, position);
        return;
      } finally {
        await handle.close();
      }
    }
  }
  throw new Error("the content bytes are in no journal segment");
}
