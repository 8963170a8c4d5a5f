import { hashBytes, linkNoClobber, QRGError } from "@qrg/core";
import { writeDurableTemp } from "./durability/atomic-write.ts";
import type { DirectorySyncer } from "./durability/directory-syncer.ts";
import { parseDigest, type StoreLayout, sbomPath } from "./layout.ts";
import { contentIsStored, storageError } from "./store-checks.ts";

/** Stores an SBOM under its digest, durably (fsync + link + directory fsync); idempotent. */
export async function writeSbomFile(
  layout: StoreLayout,
  syncer: DirectorySyncer,
  digest: string,
  bytes: Uint8Array,
): Promise<void> {
  const parsed = parseDigest(digest);
  if (hashBytes(parsed.algorithm, bytes) !== digest) {
    throw new QRGError("storage_error", `SBOM bytes do not match the digest ${digest}`);
  }
  const finalPath = sbomPath(layout, parsed);
  try {
    if (!(await contentIsStored(finalPath, bytes.byteLength))) {
      const temp = await writeDurableTemp(finalPath, bytes);
      if ((await linkNoClobber(temp, finalPath)) === "exists")
        await contentIsStored(finalPath, bytes.byteLength);
    }
    await syncer.sync();
  } catch (error) {
    if (error instanceof QRGError) throw error;
    throw storageError(`storing the SBOM ${digest} failed`, error);
  }
}
