import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { QRGError, QRGUnavailableError } from "@qrg/core";
import type { KeyRing } from "../key-ring.ts";
import { createFileKeyRing, type FileKeyRingOptions } from "./file-key-ring.ts";

/**
 * cosign-like key references: `file:///etc/qrg/keys` or a bare path (file key ring in that directory),
 * `pkcs11:token=…;object=…` (RFC 7512), `awskms://…`, `gcpkms://…`, `azurekms://…`, `hashivault://…`.
 * Non-file schemes are served by the providers the caller passes (`options.providers`, keyed by scheme):
 * adding a KMS is a self-contained module exporting a KeyRingFactory, wired where the service is composed.
 */

/**
 * What resolveKeyRing passes to every provider. The file ring uses all of it (its directory comes from the
 * reference); `dataDir` is there for providers that keep state next to the service data (e.g. a software
 * fallback ring for algorithms a token cannot do).
 */
export type KeyRingResolveOptions = Omit<FileKeyRingOptions, "keysDir">;

export type KeyRingFactory = (ref: string, options: KeyRingResolveOptions) => KeyRing | Promise<KeyRing>;

/** Key ring providers by scheme (`pkcs11`, `awskms`…, without `:` or `//`). */
export type KeyRingProviders = Readonly<Record<string, KeyRingFactory>>;

export interface ResolveKeyRingOptions extends KeyRingResolveOptions {
  /**
   * Providers for the non-file schemes; `file` is built in and cannot be replaced.
   * @default {} — only file references resolve
   */
  providers?: KeyRingProviders;
}

/** Schemes we recognise even without a provider, with how their references are written. */
const KNOWN_SCHEMES: Readonly<Record<string, string>> = {
  pkcs11: "pkcs11:",
  awskms: "awskms://",
  gcpkms: "gcpkms://",
  azurekms: "azurekms://",
  hashivault: "hashivault://",
};

/**
 * The scheme of a key reference (`awskms`, `pkcs11`, `file`…), or undefined for a bare path. Single letters
 * are not schemes, so Windows drive paths stay paths.
 */
export function keyReferenceScheme(ref: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(ref);
  return match ? match[1]!.toLowerCase() : undefined;
}

function describe(scheme: string): string {
  return KNOWN_SCHEMES[scheme] ?? `${scheme}:`;
}

function filePath(ref: string): string {
  try {
    return fileURLToPath(ref);
  } catch {
    // `file://relative/dir` (no host semantics): a path relative to the working directory.
    return resolve(decodeURIComponent(ref.replace(/^file:(\/\/)?/i, "")));
  }
}

/**
 * Opens the key ring a reference names. A bare path or `file://` gives the file key ring in that directory;
 * other schemes go to the provider passed for them. QRGError "unavailable" for a recognised scheme with no
 * provider ("no provider registered for awskms:// key references"), "config_error" for an unknown scheme.
 */
export async function resolveKeyRing(
  ref: string,
  resolveOptions: ResolveKeyRingOptions = {},
): Promise<KeyRing> {
  const { providers = {}, ...options } = resolveOptions;
  const trimmed = ref.trim();
  if (trimmed === "") throw new QRGError("config_error", "empty key reference");
  const scheme = keyReferenceScheme(trimmed);
  if (scheme === undefined) return createFileKeyRing({ ...options, keysDir: resolve(trimmed) });
  if (scheme === "file") return createFileKeyRing({ ...options, keysDir: filePath(trimmed) });
  const factory = Object.hasOwn(providers, scheme) ? providers[scheme] : undefined;
  if (factory) return factory(trimmed, options);
  if (scheme in KNOWN_SCHEMES) {
    throw new QRGUnavailableError(`no provider registered for ${describe(scheme)} key references`);
  }
  const supported = ["file://", ...new Set([...Object.keys(KNOWN_SCHEMES), ...Object.keys(providers)])].map(
    (name) => (name === "file://" ? name : describe(name)),
  );
  throw new QRGError(
    "config_error",
    `unsupported key reference scheme "${scheme}:" in "${trimmed}"; supported: ${supported.join(", ")} or a path`,
  );
}
