import { createHash } from "node:crypto";
import type { CryptoBackend } from "@qrg/verify";

export const BACKENDS: readonly CryptoBackend[] = ["node", "noble"];

export const hex = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, "hex"));
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
export const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);
export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** DER INTEGER of an unsigned big-endian value (minimal, with a 0x00 pad when the top bit is set). */
function derInteger(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  let body = value.subarray(start);
  if (body[0]! & 0x80) body = concat(Uint8Array.of(0), body);
  return concat(Uint8Array.of(0x02, body.length), body);
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (short lengths suffice for P-256). */
export function derEcdsaSignature(r: Uint8Array, s: Uint8Array): Uint8Array {
  const body = concat(derInteger(r), derInteger(s));
  return concat(Uint8Array.of(0x30, body.length), body);
}

/** n − s, for the low-S form of an ECDSA signature. */
export function negateModOrder(s: Uint8Array, order: Uint8Array): Uint8Array {
  const value = BigInt(`0x${toHex(order)}`) - BigInt(`0x${toHex(s)}`);
  return hex(value.toString(16).padStart(64, "0"));
}

/** Flips one bit of a copy. */
export function flipBit(bytes: Uint8Array, index = 0): Uint8Array {
  const copy = new Uint8Array(bytes);
  const at = index % copy.length;
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

/** Full encoding of a DER child (tag + length + content) inside `container`, e.g. a TBSCertificate. */
export function elementBytes(container: Uint8Array, element: { start: number; end: number }): Uint8Array {
  return container.subarray(element.start, element.end);
}
