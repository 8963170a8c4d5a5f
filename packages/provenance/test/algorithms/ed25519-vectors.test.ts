import { decodeSpki, encodeSpki, verifySignature } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { createSoftwareSigningKey, encodePkcs8, signMessage } from "../../src/algorithms/index.ts";
import { BACKENDS, flipBit, hex, toHex } from "./helpers.ts";
import { RFC8032_ED25519 } from "./vectors.ts";

describe.each(BACKENDS)("Ed25519 RFC 8032 vectors on the %s backend", (backend) => {
  describe.each(RFC8032_ED25519)("$name", (vector) => {
    const pkcs8 = encodePkcs8({ algorithm: "ed25519", seed: hex(vector.secretKey) });
    const spki = encodeSpki("ed25519", hex(vector.publicKey));
    const message = hex(vector.message);

    it("signs to exactly the published signature", () => {
      expect(toHex(signMessage("ed25519", pkcs8, message, { backend }))).toBe(vector.signature);
    });

    it("derives the published public key from the secret key", () => {
      const key = createSoftwareSigningKey("ed25519", pkcs8, "file", { backend });
      expect(toHex(decodeSpki(key.publicKeySpki).publicKey)).toBe(vector.publicKey);
    });

    it("verifies the published signature and rejects a flipped bit", () => {
      const signature = hex(vector.signature);
      expect(verifySignature("ed25519", spki, message, signature, { backend })).toBe(true);
      expect(verifySignature("ed25519", spki, message, flipBit(signature, 5), { backend })).toBe(false);
      const otherMessage = new Uint8Array([...message, 0x00]);
      expect(verifySignature("ed25519", spki, otherMessage, signature, { backend })).toBe(false);
    });
  });
});
