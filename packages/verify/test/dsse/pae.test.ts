import { dsse } from "@sigstore/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, preAuthEncoding, toBase64 } from "../../src/dsse/pae.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("preAuthEncoding", () => {
  it("encodes the DSSE v1 specification's example", () => {
    const pae = preAuthEncoding("http://example.com/HelloWorld", new TextEncoder().encode("hello world"));
    expect(text(pae)).toBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  });

  it("counts lengths in bytes, not characters", () => {
    const pae = preAuthEncoding("t/ü", new TextEncoder().encode("é"));
    expect(text(pae)).toBe("DSSEv1 4 t/ü 2 é");
  });

  it("agrees with @sigstore/core's PAE for any payload", () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 256 }), (type, payload) => {
        const ours = preAuthEncoding(type, payload);
        const theirs = dsse.preAuthEncoding(type, Buffer.from(payload));
        expect(Buffer.from(ours).equals(theirs)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("fromBase64", () => {
  it("round-trips bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it("accepts URL-safe and unpadded base64, as DSSE allows", () => {
    expect(fromBase64("-_8")).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it("refuses text Buffer.from would silently skip over", () => {
    expect(fromBase64("aGVs bG8=")).toBeUndefined();
    expect(fromBase64("aGVsbG8=!")).toBeUndefined();
    expect(fromBase64("aGVsbG9=")).toBeUndefined();
  });
});
