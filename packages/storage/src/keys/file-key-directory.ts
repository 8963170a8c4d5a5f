import { mkdir, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { fsyncPath } from "@qrg/core";
import type { PublicKeyInfo } from "@qrg/schema";
import { writeDurableTemp } from "../durability/atomic-write.ts";
import { readWholeFile } from "../read-file.ts";
import {
  decodePublishedKey,
  encodePublishedKey,
  type PublicKeyDirectory,
  publishedKeyName,
} from "./public-key-directory.ts";

/** Published keys as durable files `<dir>/<key_id>.json` (replaced atomically when a key's status changes). */
export class FileKeyDirectory implements PublicKeyDirectory {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async publishKeys(keys: readonly PublicKeyInfo[]): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    for (const key of keys) {
      const path = join(this.#dir, publishedKeyName(key.key_id));
      await rename(await writeDurableTemp(path, encodePublishedKey(key)), path);
    }
    await fsyncPath(this.#dir);
  }

  async publishedKeys(): Promise<PublicKeyInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const keys: PublicKeyInfo[] = [];
    for (const name of names) {
      if (!/^[a-f0-9]{64}\.json$/.test(name)) continue;
      const bytes = await readWholeFile(join(this.#dir, name));
      const key = bytes && decodePublishedKey(bytes);
      if (key) keys.push(key);
    }
    return keys;
  }
}
