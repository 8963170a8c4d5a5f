import { QRGValidationError } from "@qrg/core";

/** An in-toto DigestSet: algorithm name → lowercase hex. */
export type DigestSet = Record<string, string>;

const DIGEST = /^([a-z0-9][a-z0-9_-]*):([a-f0-9]+)$/;

/**
 * `alg:hex` (the spec's digest form) → `{ alg: hex }`. The algorithm name is kept as written, so
 * `sha3-256:…` becomes `{ "sha3-256": … }` (the subject naming QRG's contract fixes).
 */
export function toDigestSet(digest: string): DigestSet {
  const match = DIGEST.exec(digest);
  if (!match) {
    throw new QRGValidationError(`not a digest of the form alg:hex: ${digest}`, [
      { path: "digest", message: "expected alg:hex" },
    ]);
  }
  return { [match[1]!]: match[2]! };
}

/** Whether `set` holds `digest` (`alg:hex`) under its algorithm name. */
export function digestSetHolds(set: DigestSet | undefined, digest: string): boolean {
  const match = DIGEST.exec(digest);
  if (!match || !set) return false;
  return set[match[1]!] === match[2];
}
