import { keyIdOf, pemToSpki, verifySignature } from "@qrg/verify";
import { afterAll, describe, expect, it } from "vitest";
import {
  closeSignWorkers,
  createSignWorkerPool,
  createSoftwareSigningKey,
  generateKeyPair,
} from "../../src/algorithms/index.ts";
import { BACKENDS, toHex, utf8 } from "./helpers.ts";

const message = utf8("statement bytes");

afterAll(async () => {
  await closeSignWorkers();
});

describe("software signing keys", () => {
  it.each(["ed25519", "ecdsa-p256", "ml-dsa-87"] as const)(
    "describes a %s key by SPKI, PEM and key id",
    async (algorithm) => {
      const pair = generateKeyPair(algorithm);
      const key = createSoftwareSigningKey(algorithm, pair.privateKeyPkcs8);
      expect(key.algorithm).toBe(algorithm);
      expect(key.custody).toBe("file");
      expect(key.keyId).toBe(keyIdOf(pair.publicKeySpki));
      expect(toHex(pemToSpki(key.publicKeyPem))).toBe(toHex(pair.publicKeySpki));
      expect(verifySignature(algorithm, key.publicKeySpki, message, await key.sign(message))).toBe(true);
    },
  );

  it("records the custody it is given", () => {
    const key = createSoftwareSigningKey("ed25519", generateKeyPair("ed25519").privateKeyPkcs8, "kms");
    expect(key.custody).toBe("kms");
  });

  it.each(BACKENDS)("refuses a key of another algorithm with key_error (%s)", (backend) => {
    const pair = generateKeyPair("ecdsa-p256");
    expect(() => createSoftwareSigningKey("ed25519", pair.privateKeyPkcs8, "file", { backend })).toThrow(
      expect.objectContaining({ code: "key_error" }),
    );
  });

  it.each(BACKENDS)("refuses bytes that are not PKCS#8 with key_error (%s)", (backend) => {
    expect(() => createSoftwareSigningKey("ml-dsa-87", utf8("garbage"), "file", { backend })).toThrow(
      expect.objectContaining({ code: "key_error" }),
    );
  });

  describe.each(BACKENDS)("ML-DSA-87 offloaded to a worker thread (%s backend)", (backend) => {
    const pair = generateKeyPair("ml-dsa-87");

    it("produces signatures that verify", async () => {
      const key = createSoftwareSigningKey("ml-dsa-87", pair.privateKeyPkcs8, "file", {
        backend,
        offload: true,
      });
      const signatures = await Promise.all([1, 2, 3, 4].map((n) => key.sign(utf8(`message ${n}`))));
      signatures.forEach((signature, index) => {
        expect(
          verifySignature("ml-dsa-87", pair.publicKeySpki, utf8(`message ${index + 1}`), signature),
        ).toBe(true);
      });
    });

    it("returns to the event loop at once, where inline signing holds it for the whole signature", async () => {
      const inline = createSoftwareSigningKey("ml-dsa-87", pair.privateKeyPkcs8, "file", { backend });
      const offloaded = createSoftwareSigningKey("ml-dsa-87", pair.privateKeyPkcs8, "file", {
        backend,
        offload: true,
      });
      await offloaded.sign(message); // warm the worker up

      // Time the synchronous part of sign(): the best of a few tries, to be robust to a busy machine.
      async function blockedMs(key: typeof inline): Promise<number> {
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 5; i++) {
          const start = performance.now();
          const signing = key.sign(message);
          best = Math.min(best, performance.now() - start);
          await signing;
        }
        return best;
      }
      const inlineMs = await blockedMs(inline);
      const offloadedMs = await blockedMs(offloaded);
      expect(offloadedMs).toBeLessThan(inlineMs / 2);
    });
  });

  it("fails pending offloaded signatures with unavailable when its pool closes", async () => {
    const pool = createSignWorkerPool(1);
    const pair = generateKeyPair("ml-dsa-87");
    const key = createSoftwareSigningKey("ml-dsa-87", pair.privateKeyPkcs8, "file", { offload: pool });
    const pending = expect(key.sign(message)).rejects.toMatchObject({ code: "unavailable" });
    await pool.close();
    await pending;
    await expect(key.sign(message)).rejects.toMatchObject({ code: "unavailable" });
  });
});
