import { QRGError } from "@qrg/core";

/**
 * ASN.1 DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` from the raw `r || s` CKM_ECDSA
 * returns (PKCS#11 §2.3.1): DSSE, Sigstore and node:crypto's default expect DER.
 */
export function rawEcdsaToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new QRGError("key_error", `a raw ECDSA signature has an even, non-zero length, got ${raw.length}`);
  }
  const half = raw.length / 2;
  const r = derInteger(raw.subarray(0, half));
  const s = derInteger(raw.subarray(half));
  return new Uint8Array(Buffer.concat([Buffer.from([0x30]), derLength(r.length + s.length), r, s]));
}

function derInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = Buffer.from(bytes.subarray(start));
  // A set high bit would read as negative: prefix a zero byte.
  const body = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

function derLength(length: number): Buffer {
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}
