import { describe, expect, it } from "vitest";
import { openEnvelope, sealEnvelope } from "../../src/encryption/envelope.ts";
import {
  generateHybridKemKeyPair,
  hybridDecapsulate,
  hybridEncapsulate,
  hybridKemKeyPairFromSecret,
  type KemBackend,
  resolveKemBackend,
} from "../../src/encryption/hybrid-kem.ts";

const backends: KemBackend[] = ["node", "noble"];
const pairs = backends.flatMap((encapsulator) =>
  backends.map((decapsulator) => [encapsulator, decapsulator] as const),
);

describe("hybrid ML-KEM-1024 + X25519 KEM", () => {
  it("runs on node:crypto here (Node 24 has ML-KEM-1024)", () => {
    expect(resolveKemBackend()).toBe("node");
  });

  it("derives the same public key and key id from a secret on both backends", () => {
    const pair = generateHybridKemKeyPair("noble");
    const viaNode = hybridKemKeyPairFromSecret(pair.secretKey, "node");
    expect(Buffer.from(viaNode.publicKey.mlKem).equals(Buffer.from(pair.publicKey.mlKem))).toBe(true);
    expect(Buffer.from(viaNode.publicKey.x25519).equals(Buffer.from(pair.publicKey.x25519))).toBe(true);
    expect(viaNode.keyId).toBe(pair.keyId);
    expect(pair.publicKey.mlKem).toHaveLength(1568);
  });

  it.each(pairs)(
    "recovers the KEK when %s encapsulates and %s decapsulates",
    (encapsulator, decapsulator) => {
      const pair = generateHybridKemKeyPair();
      const { kek, ciphertext } = hybridEncapsulate(pair.publicKey, encapsulator);
      expect(kek).toHaveLength(32);
      expect(ciphertext.mlKem).toHaveLength(1568);
      expect(Buffer.from(hybridDecapsulate(pair, ciphertext, decapsulator)).equals(Buffer.from(kek))).toBe(
        true,
      );
    },
  );

  it.each(pairs)("opens with %s an envelope sealed with %s", (sealer, opener) => {
    const pair = generateHybridKemKeyPair();
    const plaintext = new TextEncoder().encode("tokens: aurora lattice ember");
    const envelope = sealEnvelope(plaintext, "qrg-store/content/x", pair, sealer);
    expect(
      new TextDecoder().decode(openEnvelope(envelope, "qrg-store/content/x", pair, "content", opener)),
    ).toBe("tokens: aurora lattice ember");
  });

  it("gives another key pair an unrelated KEK (ML-KEM implicit rejection)", () => {
    const pair = generateHybridKemKeyPair();
    const other = { ...generateHybridKemKeyPair(), publicKey: pair.publicKey, keyId: pair.keyId };
    const { kek, ciphertext } = hybridEncapsulate(pair.publicKey);
    expect(Buffer.from(hybridDecapsulate(other, ciphertext)).equals(Buffer.from(kek))).toBe(false);
  });

  it("depends on the X25519 half: swapping only the ephemeral key changes the KEK", () => {
    const pair = generateHybridKemKeyPair();
    const first = hybridEncapsulate(pair.publicKey);
    const second = hybridEncapsulate(pair.publicKey);
    const mixed = hybridDecapsulate(pair, {
      mlKem: first.ciphertext.mlKem,
      x25519: second.ciphertext.x25519,
    });
    expect(Buffer.from(mixed).equals(Buffer.from(first.kek))).toBe(false);
  });

  it.each(backends)("refuses a low-order X25519 point with %s", (backend) => {
    const pair = generateHybridKemKeyPair();
    const { ciphertext } = hybridEncapsulate(pair.publicKey);
    expect(() =>
      hybridDecapsulate(pair, { mlKem: ciphertext.mlKem, x25519: new Uint8Array(32) }, backend),
    ).toThrow(expect.objectContaining({ code: "decryption_error" }));
  });
});

describe("envelopes", () => {
  const pair = generateHybridKemKeyPair();
  const plaintext = new TextEncoder().encode("the artifact bytes");
  const context = "qrg-store/content/sha256:00";

  it("adds a fixed overhead and never contains the plaintext", () => {
    const envelope = sealEnvelope(plaintext, context, pair);
    expect(envelope.length).toBe(plaintext.length + 1726);
    expect(Buffer.from(envelope).includes(Buffer.from(plaintext))).toBe(false);
    expect(Buffer.from(envelope).subarray(0, 4).toString()).toBe("QRGE");
  });

  it.each([
    ["the magic", 0],
    ["the key id", 10],
    ["the ML-KEM ciphertext", 500],
    ["the X25519 ephemeral key", 1610],
    ["the wrapped data key", 1660],
    ["the data nonce", 1700],
    ["the ciphertext", 1712],
    ["the tag", -1],
  ])("fails with decryption_error when %s is modified", (_, offset) => {
    const envelope = sealEnvelope(plaintext, context, pair);
    const index = offset < 0 ? envelope.length + offset : offset;
    envelope[index] = (envelope[index] ?? 0) ^ 0x01;
    expect(() => openEnvelope(envelope, context, pair, "content")).toThrow(
      expect.objectContaining({ code: "decryption_error" }),
    );
  });

  it("fails when opened for another object than it was sealed for", () => {
    const envelope = sealEnvelope(plaintext, context, pair);
    expect(() => openEnvelope(envelope, "qrg-store/content/sha256:01", pair, "content")).toThrow(
      expect.objectContaining({
        code: "decryption_error",
        message: expect.stringMatching(/authentication failed/),
      }),
    );
  });

  it("names the key it needs when opened with another key", () => {
    const envelope = sealEnvelope(plaintext, context, pair);
    const other = generateHybridKemKeyPair();
    expect(() => openEnvelope(envelope, context, other, "content")).toThrow(
      expect.objectContaining({ code: "decryption_error", message: expect.stringContaining(pair.keyId) }),
    );
  });

  it("fails on a truncated envelope", () => {
    const envelope = sealEnvelope(plaintext, context, pair);
    expect(() => openEnvelope(envelope.subarray(0, 1000), context, pair, "content")).toThrow(
      expect.objectContaining({
        code: "decryption_error",
        message: expect.stringContaining("not an encrypted QRG envelope"),
      }),
    );
  });
});
