import { createHash, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf } from "../../src/algorithms/key-id.ts";
import { pemToSpki, spkiToPem } from "../../src/algorithms/pem.ts";
import { testKeyPair, toHex } from "./keys.ts";

describe("public key PEM and key ids", () => {
  it.each(["ed25519", "ecdsa-p256", "ml-dsa-87"] as const)(
    "writes %s PEM byte-identical to node:crypto's",
    (algorithm) => {
      const { spki: publicKeySpki } = testKeyPair(algorithm);
      const nodePem = createPublicKey({
        key: Buffer.from(publicKeySpki),
        format: "der",
        type: "spki",
      }).export({
        type: "spki",
        format: "pem",
      });
      expect(spkiToPem(publicKeySpki)).toBe(nodePem);
      expect(toHex(pemToSpki(nodePem as string))).toBe(toHex(publicKeySpki));
    },
  );

  it("finds the PUBLIC KEY block among surrounding text and CRLF line ends", () => {
    const { spki: publicKeySpki } = testKeyPair("ed25519");
    const pem = `comment\r\n${spkiToPem(publicKeySpki).replaceAll("\n", "\r\n")}trailer`;
    expect(toHex(pemToSpki(pem))).toBe(toHex(publicKeySpki));
  });

  it("rejects text without a PUBLIC KEY block, bad base64 and non-DER content", () => {
    expect(() => pemToSpki("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")).toThrow(
      expect.objectContaining({ code: "validation_error" }),
    );
    expect(() => pemToSpki("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n")).toThrow(/base64/);
    expect(() => pemToSpki("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")).toThrow(
      /SubjectPublicKeyInfo/,
    );
  });

  it("uses the hex SHA-256 of the DER SPKI as key id", () => {
    const { spki: publicKeySpki } = testKeyPair("ecdsa-p256");
    expect(keyIdOf(publicKeySpki)).toBe(createHash("sha256").update(publicKeySpki).digest("hex"));
    expect(keyIdOf(publicKeySpki)).toMatch(/^[0-9a-f]{64}$/);
  });
});
