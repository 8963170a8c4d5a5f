import { QRGValidationError } from "@qrg/core";
import {
  type KeyAlgorithm,
  type KeyList,
  KeyListSchema,
  type PublicKeyInfo,
  PublicKeySchema,
} from "@qrg/schema";
import { z } from "zod";
import { keyIdOf } from "../algorithms/key-id.ts";
import { pemToSpki } from "../algorithms/pem.ts";
import { decodeSpki } from "../algorithms/spki.ts";

/**
 * A key the verifier trusts: the entries of GET /api/v1/qrg/keys (`{ keys: [PublicKeyInfo] }`), with
 * status and validity window.
 */
export type TrustedKey = PublicKeyInfo;

/** A trusted key ready to verify with: its entry and its DER SubjectPublicKeyInfo. */
export interface ResolvedKey {
  info: TrustedKey;
  spki: Uint8Array;
}

/** Trusted keys by id and algorithm, plus the entries that were refused and why. */
export interface TrustStore {
  byId(keyId: string): ResolvedKey | undefined;
  byAlgorithm(algorithm: KeyAlgorithm): ResolvedKey[];
  all(): ResolvedKey[];
  /** Entries left out (unparsable key, key_id not the key's sha256, algorithm mismatch). */
  refused: string[];
}

const TrustInputSchema = z.union([KeyListSchema, z.array(PublicKeySchema)]);

/** Parses a trust file: `{ keys: [...] }` (the GET /keys body) or a bare array of keys. */
export function parseTrustedKeys(input: unknown): TrustedKey[] {
  const parsed = TrustInputSchema.safeParse(input);
  if (!parsed.success) {
    throw QRGValidationError.fromZod(
      parsed.error,
      "not a key list: expected { keys: [{ key_id, algorithm, public_key_pem, status, not_before, not_after }] }",
    );
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.keys;
}

/**
 * Builds a trust store. A key whose key_id is not the sha256 of its SubjectPublicKeyInfo is refused: the
 * id is what signatures and bundles name, so it must be bound to the key.
 */
export function createTrustStore(keys: readonly TrustedKey[] | KeyList): TrustStore {
  const entries = Array.isArray(keys) ? keys : (keys as KeyList).keys;
  const byId = new Map<string, ResolvedKey>();
  const refused: string[] = [];
  for (const info of entries) {
    // Decoded here rather than by node:crypto, which lacks ML-DSA-87 before Node 24.
    let spki: Uint8Array;
    let algorithm: KeyAlgorithm;
    try {
      spki = pemToSpki(info.public_key_pem);
      algorithm = decodeSpki(spki).algorithm;
    } catch {
      refused.push(`${info.key_id}: public_key_pem is not a public key`);
      continue;
    }
    const id = keyIdOf(spki);
    if (id !== info.key_id) {
      refused.push(`${info.key_id}: key_id is not the sha256 of its public key (${id})`);
      continue;
    }
    if (algorithm !== info.algorithm) {
      refused.push(`${info.key_id}: public key is not ${info.algorithm}`);
      continue;
    }
    byId.set(info.key_id, { info, spki });
  }
  return {
    byId: (keyId) => byId.get(keyId),
    byAlgorithm: (algorithm) => [...byId.values()].filter((key) => key.info.algorithm === algorithm),
    all: () => [...byId.values()],
    refused,
  };
}

/**
 * How long before its not_before a key may vouch for a signature. The signing time a Statement records is
 * finishedOn, when generation finished; the signature follows within the request's deadline (at most 30 s).
 * A key created on first use, or by a rotation while the request was in flight, therefore has a not_before
 * a moment after the finishedOn it signs. Twice the longest deadline covers that; the not_after side stays
 * exact, since a retired key must not vouch for anything finished after its retirement.
 */
export const KEY_ACTIVATION_GRACE_MS = 60_000;

/** Why a key may not vouch for a signature made at `signedAt`, or undefined when it may. */
export function keyUnusableAt(info: TrustedKey, signedAt: Date): string | undefined {
  if (info.status === "revoked") return `key ${shortId(info.key_id)} is revoked`;
  const notBefore = new Date(info.not_before);
  const notAfter = info.not_after === null ? undefined : new Date(info.not_after);
  if (
    signedAt.getTime() < notBefore.getTime() - KEY_ACTIVATION_GRACE_MS ||
    (notAfter && signedAt > notAfter)
  ) {
    return `signed at ${signedAt.toISOString()}, outside key ${shortId(info.key_id)}'s validity window ${describeWindow(info)}`;
  }
  return undefined;
}

export function describeWindow(info: TrustedKey): string {
  return `[${info.not_before}, ${info.not_after ?? "open"}]`;
}

/** The first 16 hex digits of a key id: enough to tell keys apart in messages. */
export function shortId(keyId: string): string {
  return keyId.slice(0, 16);
}
