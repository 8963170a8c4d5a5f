import { QRGError, QRGNotImplementedError } from "@qrg/core";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import { keyIdOf, spkiToPem } from "@qrg/verify";
import pkcs11js from "pkcs11js";
import type { KeyRing } from "../key-ring.ts";
import type { SigningKey } from "../signing-key.ts";
import type { Pkcs11 } from "./pkcs11-module.ts";
import { createPkcs11SigningKey } from "./pkcs11-signing-key.ts";
import { parsePkcs11Uri, redactPkcs11Uri, resolvePin } from "./pkcs11-uri.ts";
import { type RingEntry, readRingMetadata, writeRingMetadata } from "./ring-metadata.ts";
import {
  findKeyById,
  findObjects,
  generateTokenKeyPair,
  HSM_ALGORITHMS,
  type HsmAlgorithm,
  readCkaId,
  readPublicKeySpki,
} from "./token-objects.ts";
import { type Handle, TokenSession } from "./token-session.ts";

export interface Pkcs11KeyRingOptions {
  /**
   * Where ML-DSA-87 keys live. PKCS#11 3.0 (and SoftHSM) define no ML-DSA mechanism, so ML-DSA stays in
   * software: `active`/`rotate("ml-dsa-87")` and the ML-DSA part of `list` are delegated to this ring (for
   * example the file key ring). Also used for an algorithm the URI's `object` excludes.
   * @default undefined — those algorithms throw a `not_implemented` QRGError
   */
  fallback?: KeyRing;
  /**
   * Generate a key pair on the token when an algorithm has none. Turn off where keys are provisioned by an
   * HSM administrator; keys labelled `<prefix>-<algorithm>` are then adopted as they are.
   * @default true
   */
  generateKeys?: boolean;
  /** @default () => new Date() */
  now?: () => Date;
}

/** A {@link KeyRing} whose Ed25519 and P-256 keys live on a PKCS#11 token. */
export interface Pkcs11KeyRing extends KeyRing {
  readonly custody: "hsm";
  /** The token label the ring signs with. */
  readonly token: string;
  /** Closes the token session and releases the module (the last ring to close finalises it). */
  close(): Promise<void>;
}

/**
 * Opens the key ring a PKCS#11 URI names, e.g.
 * `pkcs11:token=qrg;object=qrg?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=/run/secrets/hsm-pin`.
 *
 * Key objects are labelled `<prefix>-<algorithm>` (`qrg-ed25519`, `qrg-ecdsa-p256`), where the prefix is
 * the URI's `object` (default `qrg`); an `object` that already ends in an algorithm (`qrg-ed25519`, as a
 * cosign key reference would name one key) restricts the ring to that algorithm. Validity windows are kept
 * on the token (see {@link readRingMetadata}).
 *
 * Connects and logs in at once, so a missing module, a missing token or a rejected PIN surface here as a
 * QRGUnavailableError (the caller decides whether a local key may stand in).
 */
export async function createPkcs11KeyRing(
  ref: string,
  options: Pkcs11KeyRingOptions = {},
): Promise<Pkcs11KeyRing> {
  const uri = parsePkcs11Uri(ref);
  const { prefix, algorithms } = labelScheme(uri.object);
  const session = TokenSession.open({ uri, pin: await resolvePin(uri), displayRef: redactPkcs11Uri(ref) });
  const token = session.tokenLabel;
  const now = options.now ?? (() => new Date());
  const generateKeys = options.generateKeys ?? true;
  const signingKeys = new Map<string, SigningKey>();
  const onToken = (algorithm: KeyAlgorithm): algorithm is HsmAlgorithm =>
    (algorithms as readonly string[]).includes(algorithm);

  const fallbackFor = (algorithm: KeyAlgorithm): KeyRing => {
    if (options.fallback) return options.fallback;
    const why =
      algorithm === "ml-dsa-87"
        ? "PKCS#11 defines no ML-DSA mechanism, so ML-DSA-87 keys stay in software"
        : `this ring is restricted to ${algorithms.join(", ")} by its object=${uri.object}`;
    throw new QRGNotImplementedError(
      `no ${algorithm} key on PKCS#11 token "${token}": ${why}; pass a software ring as the fallback option`,
    );
  };

  const signingKey = (entry: RingEntry): SigningKey => {
    let key = signingKeys.get(entry.key_id);
    if (!key) {
      key = createPkcs11SigningKey(session, entry);
      signingKeys.set(entry.key_id, key);
    }
    return key;
  };

  const newEntry = (algorithm: HsmAlgorithm, ckaId: Uint8Array, spki: Uint8Array): RingEntry => ({
    key_id: keyIdOf(spki),
    cka_id: Buffer.from(ckaId).toString("hex"),
    algorithm,
    spki_b64: Buffer.from(spki).toString("base64"),
    status: "active",
    not_before: now().toISOString(),
    not_after: null,
  });

  /** A key pair provisioned outside QRG (pkcs11-tool, HSM console) under the ring's label, if exactly one. */
  const adopt = (pkcs11: Pkcs11, handle: Handle, algorithm: HsmAlgorithm): RingEntry | undefined => {
    const label = `${prefix}-${algorithm}`;
    const privates = findObjects(pkcs11, handle, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_LABEL, value: label },
    ]);
    if (privates.length === 0) return undefined;
    if (privates.length > 1) {
      throw new QRGError(
        "key_error",
        `${privates.length} private keys labelled "${label}" on token "${token}"; keep one`,
      );
    }
    const ckaId = readCkaId(pkcs11, handle, privates[0] as Handle);
    const publicKey = findKeyById(pkcs11, handle, pkcs11js.CKO_PUBLIC_KEY, ckaId);
    return newEntry(algorithm, ckaId, readPublicKeySpki(pkcs11, handle, publicKey, algorithm));
  };

  return {
    custody: "hsm",
    token,

    async active(algorithm) {
      if (!onToken(algorithm)) return fallbackFor(algorithm).active(algorithm);
      const entry = await session.run((pkcs11, handle) => {
        const metadata = readRingMetadata(pkcs11, handle, prefix);
        const current = metadata.keys.find((k) => k.algorithm === algorithm && k.status === "active");
        if (current) return current;
        let created = adopt(pkcs11, handle, algorithm);
        if (!created) {
          if (!generateKeys) {
            throw new QRGError(
              "key_error",
              `no ${algorithm} key labelled "${prefix}-${algorithm}" on PKCS#11 token "${token}" and key generation is off`,
            );
          }
          const pair = generateTokenKeyPair(pkcs11, handle, algorithm, `${prefix}-${algorithm}`);
          created = newEntry(algorithm, pair.ckaId, pair.spki);
        }
        writeRingMetadata(pkcs11, handle, prefix, [...metadata.keys, created]);
        return created;
      });
      return signingKey(entry);
    },

    async list() {
      const entries = await session.run((pkcs11, handle) => readRingMetadata(pkcs11, handle, prefix).keys);
      const own = entries.filter((entry) => onToken(entry.algorithm)).map(publicKeyInfo);
      const delegated = options.fallback
        ? (await options.fallback.list()).filter((info) => !onToken(info.algorithm))
        : [];
      return [...own, ...delegated];
    },

    async rotate(algorithm) {
      if (!onToken(algorithm)) return fallbackFor(algorithm).rotate(algorithm);
      const entry = await session.run((pkcs11, handle) => {
        const metadata = readRingMetadata(pkcs11, handle, prefix);
        // The active label stays unique, so a ring that lost its metadata can still adopt the right key.
        for (const previous of metadata.keys.filter(
          (k) => k.algorithm === algorithm && k.status === "active",
        )) {
          relabel(pkcs11, handle, previous, `${prefix}-${algorithm}.retired.${previous.key_id.slice(0, 16)}`);
        }
        const pair = generateTokenKeyPair(pkcs11, handle, algorithm, `${prefix}-${algorithm}`);
        const created = newEntry(algorithm, pair.ckaId, pair.spki);
        const retired = metadata.keys.map((k) =>
          k.algorithm === algorithm && k.status === "active"
            ? { ...k, status: "retired" as const, not_after: created.not_before }
            : k,
        );
        writeRingMetadata(pkcs11, handle, prefix, [...retired, created]);
        return created;
      });
      return publicKeyInfo(entry);
    },

    async health() {
      if (!(await session.healthy())) return "error";
      return options.fallback ? options.fallback.health() : "ok";
    },

    async close() {
      session.close();
    },
  };
}

/** `object=qrg` → prefix qrg, both algorithms; `object=qrg-ed25519` → prefix qrg, Ed25519 only. */
function labelScheme(object: string | undefined): { prefix: string; algorithms: readonly HsmAlgorithm[] } {
  const label = object ?? "qrg";
  for (const algorithm of HSM_ALGORITHMS) {
    if (label.endsWith(`-${algorithm}`)) {
      return { prefix: label.slice(0, -(algorithm.length + 1)), algorithms: [algorithm] };
    }
  }
  return { prefix: label, algorithms: HSM_ALGORITHMS };
}

function relabel(pkcs11: Pkcs11, handle: Handle, entry: RingEntry, label: string): void {
  const ckaId = Buffer.from(entry.cka_id, "hex");
  for (const objectClass of [pkcs11js.CKO_PRIVATE_KEY, pkcs11js.CKO_PUBLIC_KEY]) {
    const object = findKeyById(pkcs11, handle, objectClass, ckaId);
    pkcs11.C_SetAttributeValue(handle, object, [{ type: pkcs11js.CKA_LABEL, value: label }]);
  }
}

function publicKeyInfo(entry: RingEntry): PublicKeyInfo {
  return {
    key_id: entry.key_id,
    algorithm: entry.algorithm,
    public_key_pem: spkiToPem(Buffer.from(entry.spki_b64, "base64")),
    status: entry.status,
    not_before: entry.not_before,
    not_after: entry.not_after,
  };
}
