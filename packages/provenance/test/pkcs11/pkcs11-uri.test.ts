import { generateKeyPairSync, sign, verify } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rawEcdsaToDer } from "../../src/pkcs11/ecdsa-signature.ts";
import { parsePkcs11Uri, redactPkcs11Uri } from "../../src/pkcs11/index.ts";
import { resolvePin } from "../../src/pkcs11/pkcs11-uri.ts";

describe("parsePkcs11Uri", () => {
  it("reads the cosign-style reference with an inline PIN", () => {
    expect(
      parsePkcs11Uri(
        "pkcs11:token=qrg;object=qrg-ed25519?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234",
      ),
    ).toEqual({
      token: "qrg",
      object: "qrg-ed25519",
      modulePath: "/usr/lib/softhsm/libsofthsm2.so",
      pinValue: "1234",
    });
  });

  it("decodes percent-encoded labels, a binary id and a slot id", () => {
    const parsed = parsePkcs11Uri(
      "pkcs11:token=My%20HSM;id=%01%02A;slot-id=42;type=private?pin-source=file:/run/pin",
    );
    expect(parsed.token).toBe("My HSM");
    expect(Buffer.from(parsed.id ?? []).toString("hex")).toBe("010241");
    expect(parsed.slotId).toBe(42n);
    expect(parsed.pinSource).toBe("file:/run/pin");
  });

  it.each([
    ["pkcs11-token=qrg", /must start with pkcs11:/],
    ["pkcs11:token=qrg;colour=blue", /unsupported attribute colour/],
    ["pkcs11:token=qrg;token=other", /given twice/],
    ["pkcs11:token=%zz", /bad percent-encoding/],
    ["pkcs11:token=qrg?pin-value=1&pin-source=/p", /either pin-value or pin-source/],
    ["pkcs11:token=qrg?module-name=softhsm2", /module-name lookup is not supported/],
    ["pkcs11:slot-id=abc", /slot-id must be a decimal/],
  ])("rejects %s", (uri, why) => {
    expect(() => parsePkcs11Uri(uri)).toThrow(why);
  });

  it("masks the inline PIN in messages, including in its own errors", () => {
    expect(redactPkcs11Uri("pkcs11:token=qrg?module-path=/m.so&pin-value=1234")).toBe(
      "pkcs11:token=qrg?module-path=/m.so&pin-value=***",
    );
    expect(() => parsePkcs11Uri("pkcs11:token=qrg;bogus=1?pin-value=s3cret")).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("s3cret") }),
    );
  });

  it("takes the first line of a pin-source given as a file: URI", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qrg-pin-"));
    try {
      await writeFile(join(dir, "pin"), "2468\nignored\n");
      await expect(resolvePin({ pinSource: `file://${join(dir, "pin")}` })).resolves.toBe("2468");
      await expect(resolvePin({})).resolves.toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("rawEcdsaToDer", () => {
  it("re-encodes raw r||s signatures so node:crypto verifies them as DER", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    for (let i = 0; i < 64; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
      expect(verify("sha256", data, publicKey, rawEcdsaToDer(raw)), `signature ${i}`).toBe(true);
    }
  });

  it("handles leading zero and high-bit integers", () => {
    const raw = new Uint8Array(64);
    raw[31] = 1; // r = 1: leading zeros stripped
    raw[32] = 0x80; // s has its high bit set: a zero byte is prefixed
    const der = Buffer.from(rawEcdsaToDer(raw)).toString("hex");
    expect(der).toBe(`3026020101022100${"80".padEnd(64, "0")}`);
  });

  it("rejects an odd-length signature", () => {
    expect(() => rawEcdsaToDer(new Uint8Array(63))).toThrow(/even, non-zero length/);
  });
});
