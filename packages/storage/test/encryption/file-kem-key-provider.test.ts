import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openEnvelope, sealEnvelope } from "../../src/encryption/envelope.ts";
import { createFileKemKeyProvider, KEM_KEY_FILE } from "../../src/encryption/file-kem-key-provider.ts";

/** Cheap scrypt for tests; the default cost is exercised once below. */
const scrypt = { N: 2 ** 10, r: 8, p: 1 };
const passphrase = new TextEncoder().encode("correct horse battery staple");

describe("createFileKemKeyProvider", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "qrg-kem-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("creates a 0600 key file on first use and finds the same key on the next start", async () => {
    const first = await createFileKemKeyProvider({ dir, passphrase, scrypt });
    const key = await first.current();
    expect((await stat(join(dir, KEM_KEY_FILE))).mode & 0o777).toBe(0o600);
    const second = await createFileKemKeyProvider({ dir, passphrase, scrypt });
    expect((await second.current()).keyId).toBe(key.keyId);
    expect(
      Buffer.from((await second.current()).secretKey.mlKemSeed).equals(Buffer.from(key.secretKey.mlKemSeed)),
    ).toBe(true);
  });

  it("keeps the secret key out of the file in the clear", async () => {
    const provider = await createFileKemKeyProvider({ dir, passphrase, scrypt });
    const { secretKey } = await provider.current();
    const file = await readFile(join(dir, KEM_KEY_FILE));
    for (const secret of [secretKey.mlKemSeed, secretKey.x25519]) {
      const raw = Buffer.from(secret);
      expect(file.includes(raw)).toBe(false);
      expect(file.includes(Buffer.from(raw.toString("base64")))).toBe(false);
      expect(file.includes(Buffer.from(raw.toString("hex")))).toBe(false);
    }
  });

  it("refuses a wrong passphrase with a key_error and leaves the file as it was", async () => {
    await createFileKemKeyProvider({ dir, passphrase, scrypt });
    const before = await readFile(join(dir, KEM_KEY_FILE));
    await expect(
      createFileKemKeyProvider({ dir, passphrase: new TextEncoder().encode("wrong"), scrypt }),
    ).rejects.toMatchObject({ code: "key_error", message: expect.stringContaining("wrong passphrase") });
    expect((await readFile(join(dir, KEM_KEY_FILE))).equals(before)).toBe(true);
  });

  it("reads the passphrase from a file, ignoring one trailing newline", async () => {
    const passphraseFile = join(dir, "passphrase");
    await writeFile(passphraseFile, "correct horse battery staple\n");
    const fromFile = await createFileKemKeyProvider({ dir, passphraseFile, scrypt });
    const fromBytes = await createFileKemKeyProvider({ dir, passphrase, scrypt });
    expect((await fromBytes.current()).keyId).toBe((await fromFile.current()).keyId);
  });

  it("refuses both a passphrase and a passphrase file", async () => {
    await expect(
      createFileKemKeyProvider({ dir, passphrase, passphraseFile: join(dir, "p"), scrypt }),
    ).rejects.toMatchObject({ code: "config_error" });
  });

  it("generates the file key ring's development passphrase file in dir when given none", async () => {
    const first = await createFileKemKeyProvider({ dir, scrypt });
    expect((await stat(join(dir, "passphrase"))).mode & 0o777).toBe(0o600);
    const again = await createFileKemKeyProvider({ dir, passphraseFile: join(dir, "passphrase"), scrypt });
    expect((await again.current()).keyId).toBe((await first.current()).keyId);
  });

  it("refuses an empty passphrase", async () => {
    await writeFile(join(dir, "empty"), "\n");
    await expect(
      createFileKemKeyProvider({ dir, passphraseFile: join(dir, "empty"), scrypt }),
    ).rejects.toMatchObject({
      code: "key_error",
    });
    await expect(
      createFileKemKeyProvider({ dir, passphrase: new Uint8Array(), scrypt }),
    ).rejects.toMatchObject({
      code: "key_error",
    });
  });

  it("rotates to a new key and still opens what the old key sealed", async () => {
    const provider = await createFileKemKeyProvider({ dir, passphrase, scrypt });
    const old = await provider.current();
    const envelope = sealEnvelope(new TextEncoder().encode("before rotation"), "ctx", old);
    const rotated = await provider.rotate();
    expect((await provider.current()).keyId).toBe(rotated.keyId);
    const reopened = await createFileKemKeyProvider({ dir, passphrase, scrypt });
    expect((await reopened.current()).keyId).toBe(rotated.keyId);
    expect(reopened.list().map((k) => [k.keyId, k.current])).toEqual([
      [old.keyId, false],
      [rotated.keyId, true],
    ]);
    const oldAgain = await reopened.get(old.keyId);
    expect(oldAgain).toBeDefined();
    expect(
      new TextDecoder().decode(openEnvelope(envelope, "ctx", oldAgain as NonNullable<typeof oldAgain>, "x")),
    ).toBe("before rotation");
  });

  it("agrees on one key when two processes create the file at once", async () => {
    const [a, b] = await Promise.all([
      createFileKemKeyProvider({ dir, passphrase, scrypt }),
      createFileKemKeyProvider({ dir, passphrase, scrypt }),
    ]);
    expect((await a.current()).keyId).toBe((await b.current()).keyId);
  });

  it("rejects a key file that is not one", async () => {
    await writeFile(join(dir, KEM_KEY_FILE), JSON.stringify({ format: "something-else" }));
    await expect(createFileKemKeyProvider({ dir, passphrase, scrypt })).rejects.toMatchObject({
      code: "key_error",
    });
  });

  it("uses scrypt N=2^15 by default", async () => {
    await createFileKemKeyProvider({ dir, passphrase });
    const file = JSON.parse(await readFile(join(dir, KEM_KEY_FILE), "utf8")) as { kdf: { N: number } };
    expect(file.kdf.N).toBe(2 ** 15);
  });
});
