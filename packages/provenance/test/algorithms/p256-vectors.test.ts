import { encodeSpki, verifySignature } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { encodePkcs8, signMessage } from "../../src/algorithms/index.ts";
import { BACKENDS, concat, derEcdsaSignature, flipBit, hex, negateModOrder, toHex, utf8 } from "./helpers.ts";
import { RFC6979_P256 } from "./vectors.ts";

const publicPoint = concat(Uint8Array.of(0x04), hex(RFC6979_P256.publicX), hex(RFC6979_P256.publicY));
const spki = encodeSpki("ecdsa-p256", publicPoint);
const pkcs8 = encodePkcs8({ algorithm: "ecdsa-p256", scalar: hex(RFC6979_P256.privateKey) }, publicPoint);
const order = hex(RFC6979_P256.order);

describe.each(RFC6979_P256.signatures)('ECDSA P-256 / SHA-256 RFC 6979 A.2.5 vector "$message"', (vector) => {
  const message = utf8(vector.message);
  const published = derEcdsaSignature(hex(vector.r), hex(vector.s));
  const lowS =
    BigInt(`0x${vector.s}`) > BigInt(`0x${RFC6979_P256.order}`) / 2n
      ? derEcdsaSignature(hex(vector.r), negateModOrder(hex(vector.s), order))
      : published;

  it.each(BACKENDS)("verifies the published DER signature on the %s backend", (backend) => {
    expect(verifySignature("ecdsa-p256", spki, message, published, { backend })).toBe(true);
    expect(verifySignature("ecdsa-p256", spki, message, lowS, { backend })).toBe(true);
    expect(verifySignature("ecdsa-p256", spki, message, flipBit(published, 10), { backend })).toBe(false);
  });

  it("signs deterministically with the noble backend: the published r and the low-S form of s", () => {
    expect(toHex(signMessage("ecdsa-p256", pkcs8, message, { backend: "noble" }))).toBe(toHex(lowS));
  });

  it("signs with node:crypto's randomised nonce to a DER signature both backends accept", () => {
    const signature = signMessage("ecdsa-p256", pkcs8, message, { backend: "node" });
    expect(signature[0]).toBe(0x30);
    for (const backend of BACKENDS) {
      expect(verifySignature("ecdsa-p256", spki, message, signature, { backend })).toBe(true);
    }
  });
});
