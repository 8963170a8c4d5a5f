import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pemToSpki, verifySignature } from "@qrg/verify";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeSignWorkers, decodePkcs8 } from "../../src/algorithms/index.ts";
import { createFileKeyRing, decryptPrivateKey, KEY_ALGORITHMS, readKeyIndex } from "../../src/keys/index.ts";
import { manualClock, snapshot, tempDir, writePassphrase } from "./helpers.ts";

const message = new TextEncoder().encode("artifact statement");

afterAll(async () => {
  await closeSignWorkers();
});

function rawSecret(pkcs8: Uint8Array): Uint8Array {
  const key = decodePkcs8(pkcs8);
  if (key.algorithm === "ed25519") return key.seed;
  if (key.algorithm === "ecdsa-p256") return key.scalar;
  return key.seed ?? key.expanded!;
}

function contains(haystack: Buffer, needle: Uint8Array): boolean {
  return haystack.indexOf(Buffer.from(needle)) >= 0;
}

describe.each(["node", "noble"] as const)("file key ring (%s backend)", (backend) => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it("generates every key on first start under <dataDir>/keys with 0600 files in a 0700 directory", async () => {
    const ring = createFileKeyRing({ dataDir: dir, backend });
    await ring.load();
    const keysDir = join(dir, "keys");
    expect(ring.keysDir).toBe(keysDir);
    expect((await stat(keysDir)).mode & 0o777).toBe(0o700);
    const files = (await readdir(keysDir)).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "keys.json",
        "passphrase",
        ...KEY_ALGORITHMS.map((a) => expect.stringMatching(`^${a}-`)),
      ]),
    );
    expect(files).toHaveLength(5); // no temp or lock files left behind
    for (const file of files) expect((await stat(join(keysDir, file))).mode & 0o777, file).toBe(0o600);
    expect(await ring.passphraseSource()).toEqual({ file: join(keysDir, "passphrase"), generated: true });

    const keys = await ring.list();
    expect(keys.map((key) => [key.algorithm, key.status, key.not_after])).toEqual(
      KEY_ALGORITHMS.map((algorithm) => [algorithm, "active", null]),
    );
  });

  it("keeps private keys encrypted: no PKCS#8 or raw secret bytes in any file", async () => {
    const ring = createFileKeyRing({ dataDir: dir, backend });
    await ring.load();
    const keysDir = join(dir, "keys");
    const passphrase = (await readFile(join(keysDir, "passphrase"), "utf8")).trim();
    const index = await readKeyIndex(keysDir);
    const files = await Promise.all((await readdir(keysDir)).map((name) => readFile(join(keysDir, name))));
    for (const entry of index.keys) {
      const sealed = await readFile(join(keysDir, entry.file));
      const { pkcs8 } = await decryptPrivateKey(sealed, Buffer.from(passphrase));
      const secret = rawSecret(pkcs8);
      for (const content of files) {
        expect(contains(content, pkcs8)).toBe(false);
        expect(contains(content, secret)).toBe(false);
        expect(content.includes(Buffer.from(secret).toString("base64"))).toBe(false);
        expect(content.includes(Buffer.from(secret).toString("hex"))).toBe(false);
      }
    }
  });

  it("reloads the same keys from disk, and they sign for the listed public keys", async () => {
    const first = createFileKeyRing({ dataDir: dir, backend });
    const ids = await Promise.all(
      KEY_ALGORITHMS.map(async (algorithm) => (await first.active(algorithm)).keyId),
    );

    const second = createFileKeyRing({ dataDir: dir, backend });
    const listed = await second.list();
    expect(await second.passphraseSource()).toMatchObject({ generated: false });
    for (const [i, algorithm] of KEY_ALGORITHMS.entries()) {
      const key = await second.active(algorithm);
      expect(key.keyId).toBe(ids[i]);
      const info = listed.find((entry) => entry.key_id === key.keyId)!;
      const signature = await key.sign(message);
      expect(verifySignature(algorithm, pemToSpki(info.public_key_pem), message, signature)).toBe(true);
    }
    expect(await second.health()).toBe("ok");
  });

  it("refuses a wrong passphrase with key_error and leaves every file intact", async () => {
    const right = await writePassphrase(dir, "right", "correct horse battery staple");
    const wrong = await writePassphrase(dir, "wrong", "incorrect horse");
    await createFileKeyRing({ dataDir: dir, passphraseFile: right, backend }).load(["ed25519", "ml-dsa-87"]);
    const keysDir = join(dir, "keys");
    const before = await snapshot(keysDir);

    const ring = createFileKeyRing({ dataDir: dir, passphraseFile: wrong, backend });
    await expect(ring.active("ed25519")).rejects.toMatchObject({
      code: "key_error",
      message: expect.stringMatching(/wrong key passphrase/),
    });
    // No key gets sealed under the wrong passphrase either.
    await expect(ring.active("ecdsa-p256")).rejects.toMatchObject({ code: "key_error" });
    await expect(ring.rotate("ml-dsa-87")).rejects.toMatchObject({ code: "key_error" });
    expect(await ring.health()).toBe("error");
    expect(await ring.list()).toHaveLength(2);
    expect(await snapshot(keysDir)).toEqual(before);

    const fixed = createFileKeyRing({ dataDir: dir, passphraseFile: right, backend });
    expect(await fixed.health()).toBe("ok");
  });

  it("rotates: the old key is retired with not_after = now, stays listed and keeps verifying", async () => {
    const clock = manualClock("2025-01-01T00:00:00.000Z");
    const ring = createFileKeyRing({ dataDir: dir, clock: clock.now, backend });
    const old = await ring.active("ed25519");
    const oldSignature = await old.sign(message);

    clock.set("2025-04-01T00:00:00.000Z");
    const rotated = await ring.rotate("ed25519");
    expect(rotated).toMatchObject({
      algorithm: "ed25519",
      status: "active",
      not_before: "2025-04-01T00:00:00.000Z",
    });
    expect(rotated.not_after).toBeNull();
    expect((await ring.active("ed25519")).keyId).toBe(rotated.key_id);

    const listed = await createFileKeyRing({ dataDir: dir, backend }).list();
    const retired = listed.find((key) => key.key_id === old.keyId)!;
    expect(retired).toMatchObject({
      status: "retired",
      not_before: "2025-01-01T00:00:00.000Z",
      not_after: "2025-04-01T00:00:00.000Z",
    });
    expect(listed.filter((key) => key.algorithm === "ed25519")).toHaveLength(2);
    expect(verifySignature("ed25519", pemToSpki(retired.public_key_pem), message, oldSignature)).toBe(true);
  });

  it("creates a single key when many requests race for it, across two rings on the same directory", async () => {
    const a = createFileKeyRing({ dataDir: dir, backend });
    const b = createFileKeyRing({ dataDir: dir, backend });
    const keys = await Promise.all([a, b, a, b, a].map((ring) => ring.active("ecdsa-p256")));
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(1);
    expect((await a.list()).filter((key) => key.algorithm === "ecdsa-p256")).toHaveLength(1);
  });
});

describe("file key ring configuration", () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it("uses a configured passphrase file and writes no default passphrase", async () => {
    const file = await writePassphrase(dir, "secret", "from a mounted secret");
    const ring = createFileKeyRing({ dataDir: dir, passphraseFile: file });
    await ring.active("ed25519");
    expect(await ring.passphraseSource()).toEqual({ file, generated: false });
    expect(await readdir(join(dir, "keys"))).not.toContain("passphrase");
  });

  it("fails with key_error when the configured passphrase file is missing or empty", async () => {
    await expect(
      createFileKeyRing({ dataDir: dir, passphraseFile: join(dir, "absent") }).active("ed25519"),
    ).rejects.toMatchObject({ code: "key_error", message: expect.stringContaining("absent") });
    const empty = await writePassphrase(dir, "empty", "");
    await expect(
      createFileKeyRing({ dataDir: dir, passphraseFile: empty }).active("ed25519"),
    ).rejects.toMatchObject({
      code: "key_error",
      message: expect.stringContaining("empty"),
    });
  });

  it("does not generate keys when generation is disabled", async () => {
    const ring = createFileKeyRing({ dataDir: dir, generate: false });
    await expect(ring.active("ml-dsa-87")).rejects.toMatchObject({ code: "key_error" });
    expect(await ring.list()).toEqual([]);
  });

  it("detects a keys.json entry pointing at another key's file", async () => {
    await createFileKeyRing({ dataDir: dir }).load(["ed25519", "ecdsa-p256"]);
    const keysDir = join(dir, "keys");
    const index = await readKeyIndex(keysDir);
    const p256File = index.keys.find((key) => key.algorithm === "ecdsa-p256")!.file;
    const tampered = {
      ...index,
      keys: index.keys.map((key) => (key.algorithm === "ed25519" ? { ...key, file: p256File } : key)),
    };
    await writeFile(join(keysDir, "keys.json"), JSON.stringify(tampered));
    await expect(createFileKeyRing({ dataDir: dir }).active("ed25519")).rejects.toMatchObject({
      code: "key_error",
    });
  });

  it("notices a rotation made by another process", async () => {
    const clock = manualClock("2025-01-01T00:00:00.000Z");
    const server = createFileKeyRing({ dataDir: dir, clock: clock.now, refreshIntervalMs: 0 });
    const before = await server.active("ed25519");
    const rotated = await createFileKeyRing({ dataDir: dir, clock: clock.now }).rotate("ed25519");
    const after = await server.active("ed25519");
    expect(after.keyId).toBe(rotated.key_id);
    expect(after.keyId).not.toBe(before.keyId);
  });

  it("needs a data or keys directory", () => {
    expect(() => createFileKeyRing({})).toThrow(expect.objectContaining({ code: "config_error" }));
  });
});
