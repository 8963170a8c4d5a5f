import { isQRGError, QRGError, QRGUnavailableError } from "@qrg/core";
import type { KeyRing } from "../key-ring.ts";

/** Why signing moved to the fallback ring: what an audit record needs. */
export interface KeyFallbackEvent {
  /** The primary provider's name (the key reference scheme: `pkcs11`, `awskms`…). */
  provider: string;
  /** The primary's error message. */
  reason: string;
}

export interface FallbackKeyRingOptions {
  /** The primary provider's name, used in events and error messages. */
  provider: string;
  /**
   * Opens the primary (HSM/KMS) ring. Called at start and, while it has not opened, again on each later use,
   * so a token that comes back is picked up without a restart.
   */
  openPrimary: () => Promise<KeyRing>;
  /**
   * Opens the local ring that signs while the primary is unavailable (called at most once, on the first
   * fallback). Its keys are file-custody keys, so provenance reports them and lowers the SLSA level.
   * @default undefined — no fallback: signing fails with QRGUnavailableError (HTTP 503)
   */
  openFallback?: () => Promise<KeyRing>;
  /**
   * Whether the primary may come up after start (a token plugged in later). When false, a primary that is
   * unavailable at start with no fallback is a start-up error rather than a ring that answers 503 forever.
   * @default true
   */
  primaryMayComeUp?: boolean;
  /** Called on every primary failure (count key-provider errors). @default no-op */
  onProviderError?: (provider: string) => void;
  /** Called whenever signing uses the fallback ring (write the audit record). @default no-op */
  onFallback?: (event: KeyFallbackEvent) => void;
  /** Called when the primary is unavailable at start but the ring starts anyway. @default no-op */
  onUnavailableAtStart?: (event: KeyFallbackEvent) => void;
}

/** Failures that mean "this ring cannot sign now", as opposed to a caller's mistake. */
function isUnavailable(error: unknown): boolean {
  return isQRGError(error) && (error.code === "unavailable" || error.code === "key_error");
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A key ring that signs with the primary and, when it is unavailable (at start or on any later signing),
 * with the fallback ring if one is given — reporting each fallback through `onFallback` — or else fails
 * with QRGUnavailableError. Misconfiguration (any other error opening the primary) is thrown at once.
 * Rotation always goes to the primary: keys are never rotated in a ring that is only standing in.
 */
export async function createFallbackKeyRing(options: FallbackKeyRingOptions): Promise<KeyRing> {
  const { provider } = options;
  const providerError = () => options.onProviderError?.(provider);
  let fallbackRing: Promise<KeyRing> | undefined;

  const fallBack = (error: unknown): Promise<KeyRing> => {
    providerError();
    if (!options.openFallback) {
      throw isQRGError(error) && error.code === "unavailable"
        ? error
        : new QRGUnavailableError(`key provider ${provider} unavailable`, { cause: error });
    }
    options.onFallback?.({ provider, reason: reasonOf(error) });
    fallbackRing ??= options.openFallback();
    return fallbackRing;
  };

  let primary: KeyRing | undefined;
  try {
    primary = await options.openPrimary();
  } catch (error) {
    if (!(isQRGError(error) && error.code === "unavailable")) throw error;
    if (options.primaryMayComeUp === false && !options.openFallback) {
      throw new QRGError("config_error", `${error.message}; no fallback key ring is configured`, {
        cause: error,
      });
    }
    options.onUnavailableAtStart?.({ provider, reason: error.message });
    providerError();
  }
  const openedPrimary = async (): Promise<KeyRing> => {
    primary ??= await options.openPrimary();
    return primary;
  };

  return {
    async active(algorithm) {
      try {
        return await (await openedPrimary()).active(algorithm);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        return (await fallBack(error)).active(algorithm);
      }
    },
    async list() {
      const lists = await Promise.allSettled([
        primary?.list() ?? Promise.resolve([]),
        fallbackRing?.then((ring) => ring.list()) ?? Promise.resolve([]),
      ]);
      const keys = lists.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
      return [...new Map(keys.map((key) => [key.key_id, key])).values()];
    },
    async rotate(algorithm) {
      return (await openedPrimary()).rotate(algorithm);
    },
    async health() {
      try {
        return await (await openedPrimary()).health();
      } catch {
        return options.openFallback ? "ok" : "error";
      }
    },
  };
}
