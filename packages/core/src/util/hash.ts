import { createHash } from "node:crypto";
import { blake3 } from "@noble/hashes/blake3.js";
import type { HashAlgorithm } from "@qrg/schema";
import { QRGValidationError } from "../errors.ts";

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ["sha256", "sha3-256", "blake3"];

/** Raw digest bytes. sha256 and sha3-256 use node:crypto; blake3 (256-bit output) uses @noble/hashes. */
export function digest(algorithm: HashAlgorithm, bytes: Uint8Array): Uint8Array {
  switch (algorithm) {
    case "sha256":
    case "sha3-256":
      return new Uint8Array(createHash(algorithm).update(bytes).digest());
    case "blake3":
      return blake3(bytes);
  }
}

/** The `alg:hex` digest form every response, record and attestation uses, e.g. `sha256:ab12…`. */
export function hashBytes(algorithm: HashAlgorithm, bytes: Uint8Array): string {
  return `${algorithm}:${Buffer.from(digest(algorithm, bytes)).toString("hex")}`;
}

export interface ParsedHash {
  algorithm: HashAlgorithm;
  hex: string;
}

/** Parses `alg:hex`; throws QRGValidationError on anything else. */
export function parseHash(value: string): ParsedHash {
  const match = /^(sha256|sha3-256|blake3):([a-f0-9]{64})$/.exec(value);
  if (!match) {
    throw new QRGValidationError(
      `not a digest of the form alg:hex (sha256|sha3-256|blake3, 64 hex): ${value}`,
      [{ path: "hash", message: "expected alg:hex" }],
    );
  }
  return { algorithm: match[1] as HashAlgorithm, hex: match[2]! };
}

/** Constant-time-insensitive comparison is fine here: digests are public values. */
export function hashMatches(expected: string, bytes: Uint8Array): boolean {
  const { algorithm } = parseHash(expected);
  return hashBytes(algorithm, bytes) === expected;
}
