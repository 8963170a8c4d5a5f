import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { hashBytes } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { exportLogStore } from "../../src/log/log-export.ts";
import { makeEntry, never } from "../helpers/entry.ts";
import { daysAgo, openLogStore, tmpLogDir } from "./log-helpers.ts";

describe("log store: export", () => {
  it("writes the per-artifact layout byte for byte, without expired artifacts", async () => {
    const dataDir = await tmpLogDir();
    const target = await tmpLogDir();
    const store = await openLogStore(dataDir, { retentionDays: 90 });
    const entries = [
      makeEntry("export-a-00000000000"),
      makeEntry("export-b-00000000000"),
      makeEntry("export-a-00000000000"),
    ];
    for (const entry of entries) await store.commit(entry, never);
    const expired = makeEntry("expired-export-00000");
    expired.record.stored_at = daysAgo(100);
    await store.commit(expired, never);
    const sbom = new TextEncoder().encode('{"bomFormat":"CycloneDX","specVersion":"1.6"}');
    const sbomDigest = hashBytes("sha256", sbom);
    await store.putSbom(sbomDigest, sbom);

    expect(await exportLogStore(store, target)).toEqual({ artifacts: 3, contentFiles: 2, sboms: 1 });
    for (const entry of entries) {
      const uuid = entry.qrg_id.slice(4);
      const hex = entry.content_hash.slice("sha256:".length);
      const record = JSON.parse(await readFile(join(target, "artifacts", "records", `${uuid}.json`), "utf8"));
      expect(record).toEqual(entry.record);
      const content = await readFile(
        join(target, "artifacts", "content", "sha256", hex.slice(0, 2), `${hex}.bin`),
      );
      expect(hashBytes("sha256", content)).toBe(entry.content_hash);
      const attestation = await readFile(join(target, "attestations", `${uuid}.att.json`));
      expect(attestation).toEqual(Buffer.from(entry.attestation));
    }
    await expect(
      readFile(join(target, "artifacts", "records", `${expired.qrg_id.slice(4)}.json`)),
    ).rejects.toThrow();
    const sbomHex = sbomDigest.slice("sha256:".length);
    expect(await readFile(join(target, "sboms", `sha256-${sbomHex}.cdx.json`))).toEqual(Buffer.from(sbom));
  });
});
