import { type PublicKeyInfo, PublicKeySchema } from "@qrg/schema";

/**
 * Public signing keys shared through the store, so that every instance on one store can verify what any
 * other signed. Only public keys are published; a key's id is the sha256 of its SubjectPublicKeyInfo,
 * which verifiers check, so an entry cannot claim another key's id.
 */
export interface PublicKeyDirectory {
  /** Publishes (or updates: a rotation retires a key) each key under its key_id. */
  publishKeys(keys: readonly PublicKeyInfo[]): Promise<void>;
  /** Every published key; entries that do not parse are left out. */
  publishedKeys(): Promise<PublicKeyInfo[]>;
}

const KEY_ID = /^[a-f0-9]{64}$/;

/** The file or object name of a key: its key_id (64 hex), checked so no input can name another path. */
export function publishedKeyName(keyId: string): string {
  if (!KEY_ID.test(keyId)) throw new Error(`not a key id: ${JSON.stringify(keyId)}`);
  return `${keyId}.json`;
}

export function encodePublishedKey(key: PublicKeyInfo): Uint8Array {
  return Buffer.from(JSON.stringify(PublicKeySchema.parse(key)));
}

export function decodePublishedKey(bytes: Uint8Array): PublicKeyInfo | undefined {
  try {
    const parsed = PublicKeySchema.safeParse(JSON.parse(Buffer.from(bytes).toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
