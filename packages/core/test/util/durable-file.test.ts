import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  linkNoClobber,
  writeFileAtomic,
  writeFileOnce,
  writeSyncedTemp,
} from "../../src/util/durable-file.ts";
import { deriveSealingKey, newScryptKdf, openSecret, sealSecret } from "../../src/util/sealed-secret.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "qrg-durable-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("durable files", () => {
  it("replaces a file atomically with the requested mode and leaves no temp file", async () => {
    const path = join(dir, "keys.json");
    await writeFileAtomic(path, "one");
    await writeFileAtomic(path, "two", 0o640);
    expect(await readFile(path, "utf8")).toBe("two");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(["keys.json"]);
  });

  it("creates a file once and refuses to overwrite it", async () => {
    const path = join(dir, "key.pem");
    await writeFileOnce(path, "first");
    await expect(writeFileOnce(path, "second")).rejects.toMatchObject({ code: "conflict" });
    expect(await readFile(path, "utf8")).toBe("first");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["key.pem"]);
  });

  it("links a synced temp file into place without clobbering, removing the temp name either way", async () => {
    const path = join(dir, "blob");
    await writeFile(path, "existing");
    const temp = await writeSyncedTemp(path, "new", 0o644);
    expect(await linkNoClobber(temp, path)).toBe("exists");
    expect(await readFile(path, "utf8")).toBe("existing");
    expect(await readdir(dir)).toEqual(["blob"]);
  });
});

describe("sealed secrets", () => {
  it("round-trips under the right passphrase and label, and fails on any other", async () => {
    const kdf = newScryptKdf({ N: 2 ** 10, r: 8, p: 1 });
    const key = await deriveSealingKey(new TextEncoder().encode("correct horse"), kdf);
    const label = new TextEncoder().encode("key-1");
    const sealed = sealSecret(key, [Uint8Array.of(1, 2), Uint8Array.of(3)], label);
    expect([...openSecret(key, sealed, label)]).toEqual([1, 2, 3]);
    expect(() => openSecret(key, sealed, new TextEncoder().encode("key-2"))).toThrow();
    const wrong = await deriveSealingKey(new TextEncoder().encode("wrong"), kdf);
    expect(() => openSecret(wrong, sealed, label)).toThrow();
  });
});
