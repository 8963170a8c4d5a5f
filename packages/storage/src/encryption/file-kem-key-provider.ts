import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  deriveSealingKey,
  loadPassphrase,
  newScryptKdf,
  openSecret,
  QRGError,
  type ScryptParams,
  sealSecret,
  writeFileAtomic,
  writeFileOnce,
} from "@qrg/core";
import { z } from "zod";
import {
  generateHybridKemKeyPair,
  HYBRID_KEM_SUITE,
  type HybridKemKeyPair,
  hybridKemKeyPairFromSecret,
  type KemBackend,
  ML_KEM_SEED_BYTES,
  resolveKemBackend,
} from "./hybrid-kem.ts";
import type { KemKeyProvider } from "./kem-key-provider.ts";

/** scrypt cost of a KEM key file (the same parameters as the signing key files). */
export type ScryptCost = ScryptParams;

export interface FileKemKeyProviderOptions {
  /** Directory holding `kem-keys.json`; created when missing. */
  dir: string;
  /** The passphrase protecting the secret keys, as bytes. At most one of passphrase / passphraseFile. */
  passphrase?: Uint8Array;
  /**
   * A file holding the passphrase (one trailing newline stripped): the file key ring's
   * `QRG_KEY_PASSPHRASE_FILE`, so one secret protects every key at rest.
   * @default `<dir>/passphrase`, generated (0600) on first start like the file key ring's development default
   */
  passphraseFile?: string;
  /** scrypt cost for new key files (an existing file keeps its own). @default { N: 32768, r: 8, p: 1 } */
  scrypt?: ScryptCost;
  /** @default node:crypto when it has ML-KEM-1024, else @noble */
  backend?: KemBackend;
}

export interface FileKemKeyProvider extends KemKeyProvider {
  /** The key file. */
  readonly path: string;
  /** Generates a new current key; earlier keys stay to decrypt what they sealed. */
  rotate(): Promise<HybridKemKeyPair>;
  /** Key ids oldest first, with creation time and which one is current. */
  list(): Array<{ keyId: string; createdAt: string; current: boolean }>;
}

export const KEM_KEY_FILE = "kem-keys.json";
const FORMAT = "qrg-kem-keys";
const DEFAULT_SCRYPT: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const KeyEntrySchema = z.object({
  key_id: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.iso.datetime({ offset: true }),
  cipher: z.object({ name: z.literal("aes-256-gcm"), iv: base64.length(16), tag: base64.length(24) }),
  /** seed_mlkem (64) ‖ x25519 scalar (32), encrypted. */
  ciphertext: base64,
});

// Bounds also stop a tampered file from demanding gigabytes of scrypt memory.
const KeyFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  suite: z.literal(HYBRID_KEM_SUITE),
  kdf: z.object({
    name: z.literal("scrypt"),
    N: z
      .int()
      .min(2 ** 10)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, "N must be a power of two"),
    r: z.int().min(1).max(16),
    p: z.int().min(1).max(4),
    salt: base64.min(16),
  }),
  current: z.string().regex(/^[0-9a-f]{64}$/),
  keys: z.array(KeyEntrySchema).min(1),
});

type KeyFile = z.output<typeof KeyFileSchema>;

/**
 * KEM key pairs in `<dir>/kem-keys.json` (mode 0600): public metadata in the clear, each secret half sealed
 * with AES-256-GCM under a key scrypt derives from the passphrase (the key id is GCM additional data, and
 * the public key is re-derived and compared on load). Created with one key on first use.
 */
export async function createFileKemKeyProvider(
  options: FileKemKeyProviderOptions,
): Promise<FileKemKeyProvider> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const passphrase = await passphraseOf(options);
  const backend = resolveKemBackend(options.backend);
  const path = join(options.dir, KEM_KEY_FILE);

  let file = await readKeyFile(path);
  if (file === undefined) {
    const created = await newKeyFile(passphrase, options.scrypt ?? DEFAULT_SCRYPT, backend);
    file = (await writeKeyFile(path, created, "create")) ? created : await readKeyFile(path);
    if (file === undefined) throw new QRGError("key_error", `${path} vanished while it was being created`);
  }
  const wrappingKey = await deriveKey(passphrase, file.kdf);
  const keys = new Map<string, HybridKemKeyPair>();
  for (const entry of file.keys) keys.set(entry.key_id, openEntry(entry, wrappingKey, path, backend));
  if (!keys.has(file.current))
    throw new QRGError("key_error", `${path}: current key ${file.current} is not in the file`);
  let state: KeyFile = file;

  return {
    path,
    current: async () => keys.get(state.current) as HybridKemKeyPair,
    get: async (keyId) => keys.get(keyId),
    list: () =>
      state.keys.map((k) => ({
        keyId: k.key_id,
        createdAt: k.created_at,
        current: k.key_id === state.current,
      })),
    async rotate() {
      const pair = generateHybridKemKeyPair(backend);
      const next: KeyFile = {
        ...state,
        current: pair.keyId,
        keys: [...state.keys, sealEntry(pair, wrappingKey)],
      };
      await writeKeyFile(path, next, "replace");
      keys.set(pair.keyId, pair);
      state = next;
      return pair;
    },
  };
}

async function passphraseOf(options: FileKemKeyProviderOptions): Promise<Uint8Array> {
  if (options.passphrase !== undefined && options.passphraseFile !== undefined) {
    throw new QRGError("config_error", "give the KEM key file a passphrase or a passphraseFile, not both");
  }
  if (options.passphrase !== undefined) {
    if (options.passphrase.length === 0) throw new QRGError("key_error", "the KEM key passphrase is empty");
    return options.passphrase;
  }
  return new Uint8Array((await loadPassphrase(options.dir, options.passphraseFile)).value);
}

async function newKeyFile(passphrase: Uint8Array, cost: ScryptCost, backend: KemBackend): Promise<KeyFile> {
  const kdf = newScryptKdf(cost);
  const pair = generateHybridKemKeyPair(backend);
  const entry = sealEntry(pair, await deriveKey(passphrase, kdf));
  return { format: FORMAT, version: 1, suite: HYBRID_KEM_SUITE, kdf, current: pair.keyId, keys: [entry] };
}

function sealEntry(pair: HybridKemKeyPair, wrappingKey: Buffer): KeyFile["keys"][number] {
  const sealed = sealSecret(
    wrappingKey,
    [pair.secretKey.mlKemSeed, pair.secretKey.x25519],
    entryAad(pair.keyId),
  );
  return { key_id: pair.keyId, created_at: new Date().toISOString(), ...sealed };
}

function openEntry(
  entry: KeyFile["keys"][number],
  wrappingKey: Buffer,
  path: string,
  backend: KemBackend,
): HybridKemKeyPair {
  let secret: Uint8Array;
  try {
    secret = openSecret(wrappingKey, entry, entryAad(entry.key_id));
  } catch (cause) {
    throw new QRGError(
      "key_error",
      `cannot open KEM key ${entry.key_id} in ${path}: wrong passphrase, or the file was modified`,
      { cause },
    );
  }
  const pair = hybridKemKeyPairFromSecret(
    {
      mlKemSeed: secret.slice(0, ML_KEM_SEED_BYTES),
      x25519: secret.slice(ML_KEM_SEED_BYTES),
    },
    backend,
  );
  if (pair.keyId !== entry.key_id)
    throw new QRGError("key_error", `${path}: KEM key ${entry.key_id} does not match its secret`);
  return pair;
}

function entryAad(keyId: string): Buffer {
  return Buffer.from(`${FORMAT}/1|${HYBRID_KEM_SUITE}|${keyId}`, "utf8");
}

async function deriveKey(passphrase: Uint8Array, kdf: KeyFile["kdf"]): Promise<Buffer> {
  try {
    return await deriveSealingKey(passphrase, kdf);
  } catch (cause) {
    throw new QRGError("key_error", "scrypt failed for the KEM key file", { cause });
  }
}

async function readKeyFile(path: string): Promise<KeyFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new QRGError("key_error", `cannot read the KEM key file ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new QRGError("key_error", `${path} is not a QRG KEM key file (invalid JSON)`, { cause });
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new QRGError("key_error", `${path} is not a QRG KEM key file: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Writes crash-safely (temp file, fsync, then link or rename, directory fsync). "create" never overwrites, so
 * two processes racing to create keep the first file (false when another process won).
 */
async function writeKeyFile(path: string, file: KeyFile, mode: "create" | "replace"): Promise<boolean> {
  const text = `${JSON.stringify(file, null, 2)}\n`;
  try {
    if (mode === "replace") await writeFileAtomic(path, text, 0o600);
    else await writeFileOnce(path, text, 0o600);
    return true;
  } catch (cause) {
    if (mode === "create" && cause instanceof QRGError && cause.code === "conflict") return false;
    throw new QRGError("key_error", `cannot write the KEM key file ${path}`, { cause });
  }
}
