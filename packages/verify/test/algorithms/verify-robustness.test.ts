import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CRYPTO_BACKENDS } from "../../src/algorithms/backend.ts";
import { verifySignature } from "../../src/algorithms/verify-signature.ts";
import { ALGORITHMS, testKeyPair, testSign, utf8 } from "./keys.ts";

const message = utf8("payload");

describe.each(CRYPTO_BACKENDS)("verifySignature on the %s backend", (backend) => {
  describe.each(ALGORITHMS)("%s", (algorithm) => {
    const { privateKey, spki } = testKeyPair(algorithm);
    const pair = { publicKeySpki: spki };
    const signature = testSign(algorithm, privateKey, message);

    it("accepts the signature node:crypto made, and only over the signed message", () => {
      expect(verifySignature(algorithm, pair.publicKeySpki, message, signature, { backend })).toBe(true);
      expect(verifySignature(algorithm, pair.publicKeySpki, utf8("other"), signature, { backend })).toBe(
        false,
      );
    });

    it("returns false instead of throwing for empty, truncated and extended signatures", () => {
      for (const bad of [
        new Uint8Array(0),
        signature.subarray(0, signature.length - 1),
        Uint8Array.of(...signature, 0),
      ]) {
        expect(verifySignature(algorithm, pair.publicKeySpki, message, bad, { backend })).toBe(false);
      }
    });

    it("returns false instead of throwing for a malformed public key", () => {
      for (const bad of [new Uint8Array(0), pair.publicKeySpki.subarray(0, 20), utf8("not a key")]) {
        expect(verifySignature(algorithm, bad, message, signature, { backend })).toBe(false);
      }
    });

    it("returns false for random bytes as signature or key, never throwing", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 128 }), fc.uint8Array({ maxLength: 128 }), (sig, key) => {
          expect(verifySignature(algorithm, pair.publicKeySpki, message, sig, { backend })).toBe(false);
          expect(verifySignature(algorithm, key, message, signature, { backend })).toBe(false);
        }),
        { numRuns: 40 },
      );
    });
  });
});
