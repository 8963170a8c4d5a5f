import type { KeyRing } from "@qrg/provenance";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import type { PublicKeyDirectory } from "@qrg/storage";

export interface SharedKeyRing extends KeyRing {
  /** Publishes this instance's keys to the directory (at start; `rotate` does it by itself). */
  publish(): Promise<void>;
  /** Re-reads the directory now (e.g. after a verification failed on an unknown key id). */
  refresh(): Promise<void>;
}

/**
 * The instance's own key ring, plus the public keys every other instance on the same store published:
 * signing uses only the local keys; `list()` — what verification trusts and GET /keys shows — is the
 * union, so any instance validates any other's artifacts. The directory is re-read at most every
 * `maxAgeMs`, and at once on `refresh()`.
 */
export function createSharedKeyRing(
  local: KeyRing,
  directory: PublicKeyDirectory,
  options: { maxAgeMs?: number } = {},
): SharedKeyRing {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  let published: PublicKeyInfo[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  const refresh = (): Promise<void> => {
    reading ??= directory
      .publishedKeys()
      .then((keys) => {
        published = keys;
        readAt = performance.now();
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  const publish = async (): Promise<void> => {
    await directory.publishKeys(await local.list());
  };

  return {
    active: (algorithm: KeyAlgorithm) => local.active(algorithm),
    async list(): Promise<PublicKeyInfo[]> {
      const own = await local.list();
      if (performance.now() - readAt > maxAgeMs) await refresh().catch(() => {});
      const ids = new Set(own.map((key) => key.key_id));
      return [...own, ...published.filter((key) => !ids.has(key.key_id))];
    },
    async rotate(algorithm: KeyAlgorithm): Promise<PublicKeyInfo> {
      const key = await local.rotate(algorithm);
      await publish();
      return key;
    },
    health: () => local.health(),
    publish,
    refresh,
  };
}
