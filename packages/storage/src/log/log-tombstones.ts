import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fsyncPath, linkNoClobber } from "@qrg/core";
import { z } from "zod";
import { writeDurableTemp } from "../durability/atomic-write.ts";

const TombstoneFileSchema = z.array(z.object({ qrg_id: z.string(), content_hash: z.string() }));
const FILE_NAME = /^[A-Za-z0-9._-]+\.json$/;

/**
 * What retention removed, kept after the segments are gone so that a read of an expired artifact answers
 * "expired" (410) rather than "never existed" (404). One small durable file per dropped segment, written
 * before the segment is deleted; every store of the data directory loads them.
 */
export class Tombstones {
  readonly #dir: string;
  readonly #ids = new Set<string>();
  readonly #contents = new Set<string>();
  readonly #loaded = new Set<string>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  hasId(qrgId: string): boolean {
    return this.#ids.has(qrgId);
  }

  hasContent(digest: string): boolean {
    return this.#contents.has(digest);
  }

  /** Loads the tombstone files written since the last call (by this or any other store). */
  async refresh(): Promise<void> {
    for (const name of await readdir(this.#dir)) {
      if (!FILE_NAME.test(name) || this.#loaded.has(name)) continue;
      let parsed: z.infer<typeof TombstoneFileSchema>;
      try {
        parsed = TombstoneFileSchema.parse(JSON.parse(await readFile(join(this.#dir, name), "utf8")));
      } catch {
        continue; // a temp file being written, or damage: the removal is still recorded in the audit trail
      }
      this.#loaded.add(name);
      this.#remember(parsed);
    }
  }

  /** Durably records the removals of one segment under `name` before that segment is deleted. */
  async write(name: string, removed: ReadonlyArray<{ qrg_id: string; content_hash: string }>): Promise<void> {
    const path = join(this.#dir, `${name}.json`);
    const entries = removed.map(({ qrg_id, content_hash }) => ({ qrg_id, content_hash }));
    const temp = await writeDurableTemp(path, Buffer.from(JSON.stringify(entries)));
    await linkNoClobber(temp, path);
    await fsyncPath(this.#dir);
    this.#loaded.add(`${name}.json`);
    this.#remember(entries);
  }

  #remember(entries: ReadonlyArray<{ qrg_id: string; content_hash: string }>): void {
    for (const entry of entries) {
      this.#ids.add(entry.qrg_id);
      this.#contents.add(entry.content_hash);
    }
  }
}
