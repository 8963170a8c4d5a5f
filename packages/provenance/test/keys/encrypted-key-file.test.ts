import { keyIdOf } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { generateKeyPair } from "../../src/algorithms/index.ts";
import {
  decryptPrivateKey,
  type EncryptedKeyFile,
  encryptPrivateKey,
  parseEncryptedKeyFile,
} from "../../src/keys/index.ts";

const passphrase = Buffer.from("a long passphrase");
const pair = generateKeyPair("ml-dsa-87");
const label = { keyId: keyIdOf(pair.publicKeySpki), algorithm: "ml-dsa-87" as const };

function edit(file: Uint8Array, change: (json: EncryptedKeyFile) => void): Uint8Array {
  const json = JSON.parse(Buffer.from(file).toString("utf8")) as EncryptedKeyFile;
  change(json);
  return Buffer.from(JSON.stringify(json));
}

describe("encrypted private key files (scrypt + AES-256-GCM)", () => {
  it("round-trips the PKCS#8 and records scrypt N=2^15, r=8, p=1 by default", async () => {
    const sealed = await encryptPrivateKey(pair.privateKeyPkcs8, label, passphrase);
    expect(parseEncryptedKeyFile(sealed, "test").kdf).toMatchObject({ name: "scrypt", N: 32768, r: 8, p: 1 });
    const { pkcs8, label: read } = await decryptPrivateKey(sealed, passphrase);
    expect(Buffer.from(pkcs8).equals(Buffer.from(pair.privateKeyPkcs8))).toBe(true);
    expect(read).toEqual(label);
  });

  it("reports a wrong passphrase as key_error", async () => {
    const sealed = await encryptPrivateKey(pair.privateKeyPkcs8, label, passphrase, { N: 1024, r: 8, p: 1 });
    await expect(decryptPrivateKey(sealed, Buffer.from("guess"), "k.key")).rejects.toMatchObject({
      code: "key_error",
      message: expect.stringContaining("cannot decrypt k.key: wrong key passphrase"),
    });
  });

  it("binds key id and algorithm: relabelling the file breaks authentication", async () => {
    const sealed = await encryptPrivateKey(pair.privateKeyPkcs8, label, passphrase, { N: 1024, r: 8, p: 1 });
    const relabelled = edit(sealed, (json) => {
      json.key_id = "0".repeat(64);
    });
    await expect(decryptPrivateKey(relabelled, passphrase)).rejects.toMatchObject({ code: "key_error" });
  });

  it("rejects files that demand absurd scrypt memory or carry a truncated tag, before deriving anything", async () => {
    const sealed = await encryptPrivateKey(pair.privateKeyPkcs8, label, passphrase, { N: 1024, r: 8, p: 1 });
    const greedy = edit(sealed, (json) => {
      json.kdf.N = 2 ** 30;
    });
    expect(() => parseEncryptedKeyFile(greedy, "greedy")).toThrow(
      expect.objectContaining({ code: "key_error" }),
    );
    const truncated = edit(sealed, (json) => {
      json.cipher.tag = json.cipher.tag.slice(0, 8);
    });
    expect(() => parseEncryptedKeyFile(truncated, "truncated")).toThrow(/not an encrypted QRG key file/);
    expect(() => parseEncryptedKeyFile(Buffer.from("{"), "broken")).toThrow(/invalid JSON/);
  });
});
