import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makePublicKeyInfo } from "../helpers/public-key.ts";
import { openLogStore, tmpLogDir } from "./log-helpers.ts";

describe("log store: published public keys", () => {
  it("shares keys between stores on one data directory; a rotation updates the entry", async () => {
    const dataDir = await tmpLogDir();
    const a = await openLogStore(dataDir);
    const b = await openLogStore(dataDir);
    expect(await b.publishedKeys()).toEqual([]);
    const key = makePublicKeyInfo();
    await a.publishKeys([key]);
    expect(await b.publishedKeys()).toEqual([key]);
    const retired = { ...key, status: "retired" as const, not_after: "2026-06-01T00:00:00.000Z" };
    await b.publishKeys([retired, makePublicKeyInfo()]);
    const listed = await a.publishedKeys();
    expect(listed).toHaveLength(2);
    expect(listed).toContainEqual(retired);
  });

  it("skips entries that do not parse and refuses ids that are not key ids", async () => {
    const dataDir = await tmpLogDir();
    const store = await openLogStore(dataDir);
    await store.publishKeys([makePublicKeyInfo()]);
    await writeFile(join(dataDir, "public-keys", `${"0".repeat(64)}.json`), "{not json");
    expect(await store.publishedKeys()).toHaveLength(1);
    await expect(store.publishKeys([{ ...makePublicKeyInfo(), key_id: "../x" }])).rejects.toThrow(
      /not a key id/,
    );
  });
});
