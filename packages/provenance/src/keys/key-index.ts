import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { QRGError, writeFileAtomic } from "@qrg/core";
import { KeyAlgorithmSchema, type PublicKeyInfo } from "@qrg/schema";
import { z } from "zod";

/**
 * keys.json: the list of keys in a key directory. Key files are write-once; only this index changes, and it
 * is replaced atomically, so a rotation (retire old + add new) is one crash-safe step.
 */
export const KEY_INDEX_FILE = "keys.json";

const KeyIndexEntrySchema = z.object({
  key_id: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: KeyAlgorithmSchema,
  status: z.enum(["active", "retired", "revoked"]),
  not_before: z.iso.datetime({ offset: true }),
  not_after: z.iso.datetime({ offset: true }).nullable(),
  custody: z.enum(["file", "hsm", "kms"]),
  /** Encrypted private key file name, relative to the key directory. */
  file: z.string().regex(/^[A-Za-z0-9._-]+$/),
  public_key_pem: z.string(),
});

const KeyIndexSchema = z.object({
  version: z.literal(1),
  keys: z.array(KeyIndexEntrySchema),
});

export type KeyIndexEntry = z.output<typeof KeyIndexEntrySchema>;
export type KeyIndex = z.output<typeof KeyIndexSchema>;

/** Reads `<dir>/keys.json`; an absent file is an empty index. QRGError "key_error" when it is corrupt. */
export async function readKeyIndex(dir: string): Promise<KeyIndex> {
  const path = join(dir, KEY_INDEX_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, keys: [] };
    throw new QRGError("key_error", `cannot read the key index ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new QRGError("key_error", `the key index ${path} is not valid JSON`, { cause });
  }
  const parsed = KeyIndexSchema.safeParse(json);
  if (!parsed.success) {
    throw new QRGError("key_error", `the key index ${path} is malformed: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export async function writeKeyIndex(dir: string, index: KeyIndex): Promise<void> {
  await writeFileAtomic(join(dir, KEY_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`, 0o600);
}

export function toPublicKeyInfo(entry: KeyIndexEntry): PublicKeyInfo {
  return {
    key_id: entry.key_id,
    algorithm: entry.algorithm,
    public_key_pem: entry.public_key_pem,
    status: entry.status,
    not_before: entry.not_before,
    not_after: entry.not_after,
  };
}
