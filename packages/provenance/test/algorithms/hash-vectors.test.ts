import { hashBytes } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { utf8 } from "./helpers.ts";
import { HASH_VECTORS } from "./vectors.ts";

describe("hash known answers (FIPS 180-2, FIPS 202, BLAKE3 test vectors)", () => {
  it.each(HASH_VECTORS)("hashes $input.length bytes with $algorithm to the published digest", (vector) => {
    expect(hashBytes(vector.algorithm, utf8(vector.input))).toBe(`${vector.algorithm}:${vector.hex}`);
  });

  it("gives BLAKE3's published digest of the one-byte input 0x00", () => {
    expect(hashBytes("blake3", Uint8Array.of(0))).toBe(
      "blake3:2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
    );
  });
});
