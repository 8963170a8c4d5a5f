import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { QRGError, QRGValidationError } from "@qrg/core";

/**
 * A parsed RFC 7512 PKCS#11 URI, as cosign and p11-kit write them:
 * `pkcs11:token=qrg;object=qrg-ed25519?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=/run/secrets/hsm-pin`.
 */
export interface Pkcs11Uri {
  /** Token label (CKA token info `label`). */
  token?: string;
  /** Token serial number, to tell apart tokens with the same label. */
  serial?: string;
  manufacturer?: string;
  model?: string;
  /** Decimal slot id. */
  slotId?: bigint;
  /** Object label (CKA_LABEL). */
  object?: string;
  /** Object id (CKA_ID), decoded from its percent-encoded bytes. */
  id?: Uint8Array;
  /** Path of the PKCS#11 module (shared library). */
  modulePath?: string;
  /** The PIN given inline. Prefer {@link Pkcs11Uri.pinSource}: an inline PIN ends up in configs and logs. */
  pinValue?: string;
  /** Where to read the PIN: a file path or a `file:` URI. */
  pinSource?: string;
}

const PATH_ATTRIBUTES = new Set([
  "token",
  "serial",
  "manufacturer",
  "model",
  "slot-id",
  "object",
  "id",
  "type",
  "library-manufacturer",
  "library-description",
  "library-version",
  "slot-description",
  "slot-manufacturer",
]);
const QUERY_ATTRIBUTES = new Set(["module-path", "module-name", "pin-value", "pin-source"]);

/** Parses a `pkcs11:` URI; unknown or malformed attributes are a QRGValidationError (never ignored silently). */
export function parsePkcs11Uri(uri: string): Pkcs11Uri {
  if (!uri.startsWith("pkcs11:")) throw invalid(uri, "must start with pkcs11:");
  const rest = uri.slice("pkcs11:".length);
  const question = rest.indexOf("?");
  const pathPart = question === -1 ? rest : rest.slice(0, question);
  const queryPart = question === -1 ? "" : rest.slice(question + 1);
  const parsed: Pkcs11Uri = {};
  for (const [name, raw] of attributes(uri, pathPart, ";", PATH_ATTRIBUTES)) {
    switch (name) {
      case "token":
        parsed.token = decodeText(uri, raw);
        break;
      case "serial":
        parsed.serial = decodeText(uri, raw);
        break;
      case "manufacturer":
        parsed.manufacturer = decodeText(uri, raw);
        break;
      case "model":
        parsed.model = decodeText(uri, raw);
        break;
      case "slot-id":
        if (!/^\d+$/.test(raw)) throw invalid(uri, "slot-id must be a decimal number");
        parsed.slotId = BigInt(raw);
        break;
      case "object":
        parsed.object = decodeText(uri, raw);
        break;
      case "id":
        parsed.id = decodeBytes(uri, raw);
        break;
      // type and the library-/slot- description attributes narrow nothing this ring needs
    }
  }
  for (const [name, raw] of attributes(uri, queryPart, "&", QUERY_ATTRIBUTES)) {
    const value = decodeText(uri, raw);
    if (name === "module-path") parsed.modulePath = value;
    else if (name === "module-name")
      throw invalid(uri, "module-name lookup is not supported; give module-path");
    else if (name === "pin-value") parsed.pinValue = value;
    else if (name === "pin-source") parsed.pinSource = value;
  }
  if (parsed.pinValue !== undefined && parsed.pinSource !== undefined) {
    throw invalid(uri, "give either pin-value or pin-source, not both");
  }
  return parsed;
}

/**
 * The user PIN: `pin-value`, or the first line of the `pin-source` file (a path or a `file:` URI), so the
 * PIN can live in a mounted secret rather than an environment variable. Undefined when neither is given
 * (a token with a protected authentication path, or one already logged in).
 */
export async function resolvePin(uri: Pkcs11Uri): Promise<string | undefined> {
  if (uri.pinValue !== undefined) return uri.pinValue;
  if (uri.pinSource === undefined) return undefined;
  const path = uri.pinSource.startsWith("file:") ? fileURLToPath(uri.pinSource) : uri.pinSource;
  try {
    return (await readFile(path, "utf8")).split(/\r?\n/, 1)[0] ?? "";
  } catch (cause) {
    throw new QRGError("config_error", `cannot read the PKCS#11 PIN from pin-source ${path}`, { cause });
  }
}

/** The URI with any inline PIN masked, safe for logs and error messages. */
export function redactPkcs11Uri(uri: string): string {
  return uri.replace(/([?&]pin-value=)[^&]*/g, "$1***");
}

function* attributes(
  uri: string,
  part: string,
  separator: string,
  allowed: ReadonlySet<string>,
): Generator<[string, string]> {
  if (part === "") return;
  const seen = new Set<string>();
  for (const pair of part.split(separator)) {
    const equals = pair.indexOf("=");
    if (equals <= 0) throw invalid(uri, `malformed attribute ${JSON.stringify(pair)}`);
    const name = pair.slice(0, equals);
    if (!allowed.has(name)) throw invalid(uri, `unsupported attribute ${name}`);
    if (seen.has(name)) throw invalid(uri, `attribute ${name} given twice`);
    seen.add(name);
    yield [name, pair.slice(equals + 1)];
  }
}

function decodeText(uri: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (cause) {
    throw invalid(uri, `bad percent-encoding in ${JSON.stringify(raw)}`, cause);
  }
}

function decodeBytes(uri: string, raw: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === "%") {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw invalid(uri, `bad percent-encoding in id ${JSON.stringify(raw)}`);
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      bytes.push(...new TextEncoder().encode(raw[i]));
      i += 1;
    }
  }
  return new Uint8Array(bytes);
}

function invalid(uri: string, message: string, cause?: unknown): QRGValidationError {
  return new QRGValidationError(
    `invalid PKCS#11 URI ${redactPkcs11Uri(uri)}: ${message}`,
    [{ path: "key_ref", message }],
    cause === undefined ? {} : { cause },
  );
}
