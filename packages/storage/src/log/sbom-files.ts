import { join } from "node:path";
import { fsyncPath, hashBytes, linkNoClobber, QRGError } from "@qrg/core";
import { writeDurableTemp } from "../durability/atomic-write.ts";
import { parseDigest } from "../layout.ts";
import { readWholeFile } from "../read-file.ts";

/**
 * SBOMs are few and shared by many artifacts, so they stay plain files addressed by digest
 * (`sboms/<alg>-<hex>.cdx.json`), written durably and never replaced: fdatasync'ed temp file, no-clobber
 * link, directory fsync.
 */
export class SbomFiles {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const parsed = parseDigest(digest);
    if (hashBytes(parsed.algorithm, bytes) !== digest) {
      throw new QRGError("storage_error", `SBOM bytes do not match the digest ${digest}`);
    }
    const path = this.#path(digest);
    try {
      if ((await readWholeFile(path)) !== undefined) return;
      await linkNoClobber(await writeDurableTemp(path, bytes), path);
      await fsyncPath(this.#dir);
    } catch (error) {
      throw new QRGError("storage_error", `storing the SBOM ${digest} failed`, { cause: error });
    }
  }

  get(digest: string): Promise<Uint8Array | undefined> {
    return readWholeFile(this.#path(digest));
  }

  #path(digest: string): string {
    const parsed = parseDigest(digest);
    return join(this.#dir, `${parsed.algorithm}-${parsed.hex}.cdx.json`);
  }
}
