import { join } from "node:path";
import { isQRGError, type Logger, QRGError, QRGUnavailableError, type Telemetry } from "@qrg/core";
import {
  createFileKeyRing,
  type KeyCustody,
  type KeyRing,
  keyReferenceScheme,
  registerPkcs11Provider,
  resolveKeyRing,
} from "@qrg/provenance";
import type { ApiConfig } from "./config.ts";

export interface WiredKeyRing {
  ring: KeyRing;
  /** Where the configured keys are meant to live; a file-held key in its place is a fallback. */
  expectedCustody: KeyCustody;
  scheme: string;
}

let pkcs11Registered = false;

export function keyRef(config: ApiConfig): string {
  return config.QRG_KEY_REF ?? `file://${join(config.dataDir, "keys")}`;
}

async function localRing(config: ApiConfig): Promise<KeyRing> {
  return createFileKeyRing({
    keysDir: join(config.dataDir, "keys"),
    ...(config.QRG_KEY_PASSPHRASE_FILE ? { passphraseFile: config.QRG_KEY_PASSPHRASE_FILE } : {}),
  });
}

/**
 * The configured key ring (file://, pkcs11:, or a KMS reference), with QRG_KEY_FALLBACK's policy around
 * it: when the HSM/KMS is unavailable — at start or on any later signing — the service falls back to the
 * local file ring only if QRG_KEY_FALLBACK=local (writing an audit record, counting a key-provider error,
 * and letting provenance warn and lower slsa_level); otherwise signing fails with QRGUnavailableError (503).
 * ML-DSA keys are software keys in the local ring whatever the reference (HSMs here hold no ML-DSA).
 */
export async function wireKeyRing(
  config: ApiConfig,
  telemetry: Telemetry,
  logger: Logger,
): Promise<WiredKeyRing> {
  const ref = keyRef(config);
  const scheme = keyReferenceScheme(ref) ?? "file";
  if (!pkcs11Registered) {
    registerPkcs11Provider({ fallback: () => localRing(config) });
    pkcs11Registered = true;
  }
  const options = {
    dataDir: config.dataDir,
    ...(config.QRG_KEY_PASSPHRASE_FILE ? { passphraseFile: config.QRG_KEY_PASSPHRASE_FILE } : {}),
  };
  const expectedCustody: KeyCustody = scheme === "file" ? "file" : scheme === "pkcs11" ? "hsm" : "kms";
  if (scheme === "file") return { ring: await resolveKeyRing(ref, options), expectedCustody, scheme };

  const fallbackAllowed = config.QRG_KEY_FALLBACK === "local";
  let local: Promise<KeyRing> | undefined;
  const fallBack = (error: unknown): Promise<KeyRing> => {
    telemetry.keyProviderError(scheme);
    if (!fallbackAllowed) {
      throw isQRGError(error) && error.code === "unavailable"
        ? error
        : new QRGUnavailableError(`key provider ${scheme} unavailable`, { cause: error });
    }
    logger.warn(
      {
        event: "audit.key_fallback",
        provider: scheme,
        reason: error instanceof Error ? error.message : String(error),
      },
      `key provider ${scheme} unavailable: signing with the local file key (QRG_KEY_FALLBACK=local)`,
    );
    local ??= localRing(config);
    return local;
  };

  let primary: KeyRing | undefined;
  try {
    primary = await resolveKeyRing(ref, options);
  } catch (error) {
    if (!(isQRGError(error) && error.code === "unavailable")) throw error; // misconfiguration: refuse to start
    // A scheme nothing implements (awskms://… here) will never come up: refuse to start unless a local
    // fallback was asked for, rather than answer 503 forever.
    if (scheme !== "pkcs11" && !fallbackAllowed) {
      throw new QRGError(
        "config_error",
        `${error.message} (QRG_KEY_REF); set QRG_KEY_FALLBACK=local to sign locally`,
        {
          cause: error,
        },
      );
    }
    logger.error(
      { event: "key_provider_unavailable", provider: scheme, err: String(error) },
      "key provider unavailable at start",
    );
    telemetry.keyProviderError(scheme);
  }
  const unavailable = (error: unknown) =>
    isQRGError(error) && (error.code === "unavailable" || error.code === "key_error");
  const ring: KeyRing = {
    async active(algorithm) {
      try {
        if (!primary) primary = await resolveKeyRing(ref, options);
        return await primary.active(algorithm);
      } catch (error) {
        if (!unavailable(error)) throw error;
        return (await fallBack(error)).active(algorithm);
      }
    },
    async list() {
      const lists = await Promise.allSettled([
        primary?.list() ?? Promise.resolve([]),
        local?.then((l) => l.list()) ?? Promise.resolve([]),
      ]);
      const keys = lists.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
      return [...new Map(keys.map((k) => [k.key_id, k])).values()];
    },
    async rotate(algorithm) {
      if (!primary) primary = await resolveKeyRing(ref, options);
      return primary.rotate(algorithm);
    },
    async health() {
      try {
        if (!primary) primary = await resolveKeyRing(ref, options);
        return await primary.health();
      } catch {
        return fallbackAllowed ? "ok" : "error";
      }
    },
  };
  return { ring, expectedCustody, scheme };
}
