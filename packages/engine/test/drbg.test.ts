import { createCipheriv, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hkdfSha256Key, KeyStream } from "../src/drbg.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "hex"));

describe("hkdfSha256Key", () => {
  it("matches the first 32 bytes of RFC 5869 test case 1", () => {
    const key = hkdfSha256Key(
      fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
      fromHex("000102030405060708090a0b0c"),
      fromHex("f0f1f2f3f4f5f6f7f8f9"),
    );
    expect(hex(key)).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
  });

  it("changes completely when the info changes by one byte", () => {
    const a = hkdfSha256Key(fromHex("00"), fromHex("01"), fromHex("02"));
    const b = hkdfSha256Key(fromHex("00"), fromHex("01"), fromHex("03"));
    expect(hex(a)).not.toBe(hex(b));
    expect(hex(a)).toBe(
      Buffer.from(hkdfSync("sha256", fromHex("00"), fromHex("01"), fromHex("02"), 32)).toString("hex"),
    );
  });
});

describe("KeyStream", () => {
  it("is the ChaCha20 keystream of RFC 8439 appendix A.1 test vector 1 for the all-zero key", () => {
    const stream = new KeyStream(new Uint8Array(32));
    expect(hex(stream.bytes(64))).toBe(
      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7" +
        "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
    );
  });

  it("reads words and bytes as one continuous keystream across chunk boundaries", () => {
    const key = fromHex("11".repeat(32));
    const reference = new Uint8Array(
      createCipheriv("chacha20", key, new Uint8Array(16)).update(new Uint8Array(6000)),
    );
    const stream = new KeyStream(key);
    const view = new DataView(reference.buffer);
    let offset = 0;
    for (let i = 0; i < 511; i++, offset += 4) expect(stream.u32()).toBe(view.getUint32(offset, true));
    expect(hex(stream.bytes(3))).toBe(hex(reference.subarray(offset, offset + 3)));
    offset += 3;
    // The next word straddles the 2048-byte refill boundary.
    expect(stream.u32()).toBe(view.getUint32(offset, true));
    offset += 4;
    expect(hex(stream.bytes(2500))).toBe(hex(reference.subarray(offset, offset + 2500)));
  });

  it("draws unit floats strictly between 0 and 1", () => {
    const stream = new KeyStream(fromHex("22".repeat(32)));
    for (let i = 0; i < 10_000; i++) {
      const u = stream.unit();
      expect(u > 0 && u < 1).toBe(true);
    }
  });

  it("samples integers uniformly (chi-square over 60,000 draws of int(6))", () => {
    const stream = new KeyStream(fromHex("33".repeat(32)));
    const counts = new Array<number>(6).fill(0);
    const draws = 60_000;
    for (let i = 0; i < draws; i++) counts[stream.int(6)]!++;
    const expected = draws / 6;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 5 degrees of freedom: p = 0.001 at 20.5.
    expect(chi2).toBeLessThan(20.5);
  });

  it("rejects the biased tail of the 32-bit range instead of folding it", () => {
    // n = 3·2^30: a plain modulo would put twice the mass on [0, 2^30); rejection keeps thirds equal.
    const stream = new KeyStream(fromHex("44".repeat(32)));
    const n = 3 * 2 ** 30;
    const thirds = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) thirds[Math.floor(stream.int(n) / 2 ** 30)]!++;
    for (const count of thirds) expect(Math.abs(count - 10_000)).toBeLessThan(600);
  });

  it("refuses a key that is not 32 bytes and ranges it cannot sample", () => {
    expect(() => new KeyStream(new Uint8Array(16))).toThrow(RangeError);
    const stream = new KeyStream(new Uint8Array(32));
    expect(() => stream.int(0)).toThrow(RangeError);
    expect(() => stream.int(2.5)).toThrow(RangeError);
    expect(stream.int(1)).toBe(0);
  });
});
