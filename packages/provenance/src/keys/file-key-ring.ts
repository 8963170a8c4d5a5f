import { mkdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { loadPassphrase, type Passphrase, QRGError, writeFileOnce } from "@qrg/core";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import type { BackendOptions } from "@qrg/verify";
import { generateKeyPair } from "../algorithms/sign.ts";
import type { SignWorkerPool } from "../algorithms/sign-worker-pool.ts";
import { createSoftwareSigningKey } from "../algorithms/software-signing-key.ts";
import type { KeyRing } from "../key-ring.ts";
import type { SigningKey } from "../signing-key.ts";
import { type DirectoryLockOptions, withDirectoryLock } from "./directory-lock.ts";
import { decryptPrivateKey, encryptPrivateKey, type ScryptParams } from "./encrypted-key-file.ts";
import {
  KEY_INDEX_FILE,
  type KeyIndex,
  type KeyIndexEntry,
  readKeyIndex,
  toPublicKeyInfo,
  writeKeyIndex,
} from "./key-index.ts";

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ["ed25519", "ecdsa-p256", "ml-dsa-87"];

export interface FileKeyRingOptions extends BackendOptions {
  /** The service data directory; keys live in `<dataDir>/keys/`. One of dataDir/keysDir is required. */
  dataDir?: string;
  /** The key directory itself (used for `file://` key references); overrides `<dataDir>/keys`. */
  keysDir?: string;
  /**
   * File holding the passphrase that encrypts private keys (the API passes QRG_KEY_PASSPHRASE_FILE). Keys are
   * never read from environment variables.
   * @default `<keysDir>/passphrase`, generated with mode 0600 on first start (development default only)
   */
  passphraseFile?: string;
  /** @default () => new Date() */
  clock?: () => Date;
  /** Generate a key on first use when an algorithm has no active key. @default true */
  generate?: boolean;
  /** Sign ML-DSA-87 on worker threads (see createSoftwareSigningKey). @default true */
  offload?: boolean | SignWorkerPool;
  /** scrypt cost for newly written key files (existing files carry their own). @default { N: 2^15, r: 8, p: 1 } */
  scrypt?: ScryptParams;
  /** Cross-process lock used while generating or rotating. */
  lock?: DirectoryLockOptions;
  /**
   * How often `active()` checks keys.json for changes made by another process (a rotation elsewhere).
   * @default 1000
   */
  refreshIntervalMs?: number;
}

/** The file-backed KeyRing plus start-up helpers. */
export interface FileKeyRing extends KeyRing {
  readonly keysDir: string;
  /**
   * Decrypts (generating where allowed) the active key of each algorithm now, so the scrypt + decrypt cost is
   * paid at start-up, not by the first request. Rejects with QRGError "key_error" on a wrong passphrase.
   */
  load(algorithms?: readonly KeyAlgorithm[]): Promise<void>;
  /** Where the passphrase comes from, and whether this process generated it (log it once at start-up). */
  passphraseSource(): Promise<{ file: string; generated: boolean }>;
}

function newestActive(index: KeyIndex, algorithm: KeyAlgorithm): KeyIndexEntry | undefined {
  return index.keys
    .filter((entry) => entry.algorithm === algorithm && entry.status === "active")
    .sort((a, b) => Date.parse(b.not_before) - Date.parse(a.not_before))[0];
}

async function indexStamp(keysDir: string): Promise<string> {
  try {
    const info = await stat(join(keysDir, KEY_INDEX_FILE));
    return `${info.ino}:${info.mtimeMs}:${info.size}`;
  } catch {
    return "absent";
  }
}

/**
 * The embedded key ring: one encrypted file per private key under `<dataDir>/keys/` (mode 0700 directory,
 * 0600 files), generated on first use, rotated by `rotate()`, listed with validity windows by `list()`.
 * Each private key is decrypted once and its SigningKey cached; requests never touch scrypt or the disk
 * (beyond a throttled stat of keys.json to notice rotations by other processes).
 */
export function createFileKeyRing(options: FileKeyRingOptions): FileKeyRing {
  if (options.keysDir === undefined && options.dataDir === undefined) {
    throw new QRGError("config_error", "createFileKeyRing needs dataDir or keysDir");
  }
  const keysDir = resolve(options.keysDir ?? join(options.dataDir!, "keys"));
  const clock = options.clock ?? (() => new Date());
  const refreshIntervalMs = options.refreshIntervalMs ?? 1000;
  const signingOptions = { backend: options.backend, offload: options.offload ?? true };

  let directoryReady: Promise<void> | undefined;
  let passphrase: Promise<Passphrase> | undefined;
  const signers = new Map<string, Promise<SigningKey>>();
  let cachedIndex: KeyIndex | undefined;
  let cachedStamp = "";
  let checkedAt = Number.NEGATIVE_INFINITY;
  let mutations: Promise<unknown> = Promise.resolve();

  function ensureDirectory(): Promise<void> {
    directoryReady ??= mkdir(keysDir, { recursive: true, mode: 0o700 }).then(
      () => {},
      (cause) => {
        directoryReady = undefined;
        throw new QRGError("key_error", `cannot create the key directory ${keysDir}`, { cause });
      },
    );
    return directoryReady;
  }

  function getPassphrase(): Promise<Passphrase> {
    passphrase ??= ensureDirectory()
      .then(() => loadPassphrase(keysDir, options.passphraseFile))
      .catch((error) => {
        passphrase = undefined; // e.g. the file is mounted later: retry next time
        throw error;
      });
    return passphrase;
  }

  async function currentIndex(): Promise<KeyIndex> {
    await ensureDirectory();
    const now = performance.now();
    if (cachedIndex && now - checkedAt < refreshIntervalMs) return cachedIndex;
    checkedAt = now;
    const stamp = await indexStamp(keysDir);
    if (cachedIndex && stamp === cachedStamp) return cachedIndex;
    cachedIndex = await readKeyIndex(keysDir);
    cachedStamp = stamp;
    return cachedIndex;
  }

  async function openKey(entry: KeyIndexEntry): Promise<SigningKey> {
    const path = join(keysDir, entry.file);
    let sealed: Uint8Array;
    try {
      sealed = await readFile(path);
    } catch (cause) {
      throw new QRGError("key_error", `cannot read the private key file ${path}`, { cause });
    }
    const { value } = await getPassphrase();
    const { pkcs8, label } = await decryptPrivateKey(sealed, value, path);
    if (label.keyId !== entry.key_id || label.algorithm !== entry.algorithm) {
      throw new QRGError(
        "key_error",
        `${path} is labelled ${label.algorithm} ${label.keyId}, not ${entry.key_id}`,
      );
    }
    const signer = createSoftwareSigningKey(entry.algorithm, pkcs8, "file", signingOptions);
    if (signer.keyId !== entry.key_id) {
      throw new QRGError("key_error", `${path} does not hold the key ${entry.key_id} listed in keys.json`);
    }
    return signer;
  }

  function signerFor(entry: KeyIndexEntry): Promise<SigningKey> {
    let signer = signers.get(entry.key_id);
    if (!signer) {
      const opening = openKey(entry);
      signers.set(entry.key_id, opening);
      // Forget failures (wrong passphrase, unreadable file) so a later call retries instead of caching them.
      opening.catch(() => {
        if (signers.get(entry.key_id) === opening) signers.delete(entry.key_id);
      });
      signer = opening;
    }
    return signer;
  }

  /** Serialises changes in this process and, through the lock file, across processes sharing the dir. */
  function mutate<T>(change: (index: KeyIndex) => Promise<{ index?: KeyIndex; result: T }>): Promise<T> {
    const run = mutations.then(async () => {
      await ensureDirectory();
      return withDirectoryLock(
        keysDir,
        async () => {
          const fresh = await readKeyIndex(keysDir); // another process may have changed it
          const { index, result } = await change(fresh);
          if (index) await writeKeyIndex(keysDir, index);
          cachedIndex = index ?? fresh;
          cachedStamp = await indexStamp(keysDir);
          checkedAt = performance.now();
          return result;
        },
        options.lock,
      );
    });
    mutations = run.catch(() => {});
    return run;
  }

  /**
   * Generates, encrypts and durably writes a new key; returns its (not yet indexed) entry. First proves the
   * passphrase opens an existing key, so a wrong passphrase can never leave keys sealed under two secrets.
   */
  async function createKey(index: KeyIndex, algorithm: KeyAlgorithm, now: Date) {
    const { value } = await getPassphrase();
    const witness = index.keys.find((entry) => entry.status === "active") ?? index.keys[0];
    if (witness) await signerFor(witness);
    const pair = generateKeyPair(algorithm, { backend: options.backend });
    const signer = createSoftwareSigningKey(algorithm, pair.privateKeyPkcs8, "file", signingOptions);
    const file = `${algorithm}-${signer.keyId.slice(0, 16)}.key`;
    const sealed = await encryptPrivateKey(
      pair.privateKeyPkcs8,
      { keyId: signer.keyId, algorithm },
      value,
      options.scrypt,
    );
    await writeFileOnce(join(keysDir, file), sealed, 0o600);
    const entry: KeyIndexEntry = {
      key_id: signer.keyId,
      algorithm,
      status: "active",
      not_before: now.toISOString(),
      not_after: null,
      custody: "file",
      file,
      public_key_pem: signer.publicKeyPem,
    };
    signers.set(entry.key_id, Promise.resolve(signer));
    return { entry };
  }

  async function active(algorithm: KeyAlgorithm): Promise<SigningKey> {
    const existing = newestActive(await currentIndex(), algorithm);
    if (existing) return signerFor(existing);
    if (options.generate === false) {
      throw new QRGError(
        "key_error",
        `no active ${algorithm} key in ${keysDir} and key generation is disabled`,
      );
    }
    const created = await mutate(async (index) => {
      const raced = newestActive(index, algorithm);
      if (raced) return { result: raced };
      const { entry } = await createKey(index, algorithm, clock());
      return { index: { ...index, keys: [...index.keys, entry] }, result: entry };
    });
    return signerFor(created);
  }

  return {
    keysDir,
    active,

    async list(): Promise<PublicKeyInfo[]> {
      await ensureDirectory();
      return (await readKeyIndex(keysDir)).keys.map(toPublicKeyInfo);
    },

    rotate(algorithm: KeyAlgorithm): Promise<PublicKeyInfo> {
      return mutate(async (index) => {
        const now = clock();
        const { entry } = await createKey(index, algorithm, now);
        const retired = index.keys.map((key) =>
          key.algorithm === algorithm && key.status === "active"
            ? { ...key, status: "retired" as const, not_after: now.toISOString() }
            : key,
        );
        return { index: { ...index, keys: [...retired, entry] }, result: toPublicKeyInfo(entry) };
      });
    },

    async health(): Promise<"ok" | "error"> {
      try {
        await getPassphrase();
        const index = await currentIndex();
        const activeKeys = KEY_ALGORITHMS.map((algorithm) => newestActive(index, algorithm));
        await Promise.all(activeKeys.flatMap((entry) => (entry ? [signerFor(entry)] : [])));
        return "ok";
      } catch {
        return "error";
      }
    },

    async load(algorithms: readonly KeyAlgorithm[] = KEY_ALGORITHMS): Promise<void> {
      for (const algorithm of algorithms) await active(algorithm);
    },

    async passphraseSource() {
      const { file, generated } = await getPassphrase();
      return { file, generated };
    },
  };
}
