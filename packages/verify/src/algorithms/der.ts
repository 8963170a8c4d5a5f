import { QRGError } from "@qrg/core";

/**
 * The few DER (X.690) pieces needed to read and write SubjectPublicKeyInfo and PKCS#8 for our three
 * algorithms. Deliberately tiny: definite lengths only, no high tag numbers, strict minimal lengths.
 */

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/** A decoded TLV: `tag`, the content bytes, and where the whole element starts and ends in its input. */
export interface DerElement {
  tag: number;
  content: Uint8Array;
  start: number;
  end: number;
}

/** The error for bytes that are not the DER we expect (a key problem wherever keys are decoded). */
export function derError(message: string): QRGError {
  return new QRGError("key_error", `malformed key encoding: ${message}`);
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Encodes one element from its tag and already-encoded content. */
export function encodeTlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const bodyLength = content.reduce((sum, part) => sum + part.length, 0);
  const length = encodeLength(bodyLength);
  const out = new Uint8Array(1 + length.length + bodyLength);
  out[0] = tag;
  out.set(length, 1);
  let offset = 1 + length.length;
  for (const part of content) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Reads the element starting at `offset`; rejects indefinite and non-minimal lengths. */
export function readTlv(bytes: Uint8Array, offset = 0): DerElement {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw derError("truncated DER element");
  let length = first;
  let headerLength = 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw derError("unsupported DER length form");
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = bytes[offset + 2 + i];
      if (byte === undefined) throw derError("truncated DER length");
      if (i === 0 && byte === 0) throw derError("non-minimal DER length");
      length = length * 256 + byte;
    }
    if (length < 0x80) throw derError("non-minimal DER length");
    headerLength += count;
  }
  const contentStart = offset + headerLength;
  const end = contentStart + length;
  if (end > bytes.length) throw derError("DER element overruns its input");
  return { tag, content: bytes.subarray(contentStart, end), start: offset, end };
}

/** Reads one element of `tag` that must span all of `bytes`. */
export function readWhole(bytes: Uint8Array, tag: number): Uint8Array {
  const element = readTlv(bytes, 0);
  if (element.tag !== tag) throw derError(`expected DER tag 0x${tag.toString(16)}`);
  if (element.end !== bytes.length) throw derError("trailing bytes after DER element");
  return element.content;
}

/** Splits the content of a constructed element into its children. */
export function readChildren(content: Uint8Array): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < content.length; ) {
    const child = readTlv(content, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
