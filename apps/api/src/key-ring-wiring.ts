import { join } from "node:path";
import type { Logger, Telemetry } from "@qrg/core";
import {
  createFallbackKeyRing,
  createFileKeyRing,
  type KeyCustody,
  type KeyRing,
  keyReferenceScheme,
  pkcs11KeyRingProvider,
  resolveKeyRing,
} from "@qrg/provenance";
import type { ApiConfig } from "./config.ts";

export interface WiredKeyRing {
  ring: KeyRing;
  /** Where the configured keys are meant to live; a file-held key in its place is a fallback. */
  expectedCustody: KeyCustody;
  scheme: string;
}

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
  const options = {
    dataDir: config.dataDir,
    ...(config.QRG_KEY_PASSPHRASE_FILE ? { passphraseFile: config.QRG_KEY_PASSPHRASE_FILE } : {}),
    providers: { pkcs11: pkcs11KeyRingProvider({ fallback: () => localRing(config) }) },
  };
  const expectedCustody: KeyCustody = scheme === "file" ? "file" : scheme === "pkcs11" ? "hsm" : "kms";
  if (scheme === "file") return { ring: await resolveKeyRing(ref, options), expectedCustody, scheme };

  const ring = await createFallbackKeyRing({
    provider: scheme,
    openPrimary: () => resolveKeyRing(ref, options),
    ...(config.QRG_KEY_FALLBACK === "local" ? { openFallback: () => localRing(config) } : {}),
    // A scheme nothing implements (awskms://… here) will never come up: refuse to start unless a local
    // fallback was asked for (QRG_KEY_FALLBACK=local), rather than answer 503 forever.
    primaryMayComeUp: scheme === "pkcs11",
    onProviderError: (provider) => telemetry.keyProviderError(provider),
    onFallback: ({ provider, reason }) =>
      logger.warn(
        { event: "audit.key_fallback", provider, reason },
        `key provider ${provider} unavailable: signing with the local file key (QRG_KEY_FALLBACK=local)`,
      ),
    onUnavailableAtStart: ({ provider, reason }) =>
      logger.error(
        { event: "key_provider_unavailable", provider, err: reason },
        "key provider unavailable at start",
      ),
  });
  return { ring, expectedCustody, scheme };
}
