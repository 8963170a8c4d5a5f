import type { KeyAlgorithm } from "@qrg/schema";
import { verifySignature } from "../algorithms/verify-signature.ts";
import { fromBase64 } from "../dsse/pae.ts";
import { describeWindow, keyUnusableAt, type ResolvedKey, shortId, type TrustStore } from "./trust.ts";

export interface SignatureToCheck {
  algorithm: KeyAlgorithm;
  /** The key the signature names, when it names one. */
  keyId?: string;
  /** provenance.signature.public_key_ref: a URL ending in the key id. */
  publicKeyRef?: string;
  signatureB64: string;
}

export interface SignatureCheckResult {
  ok: boolean;
  detail: string;
  /** The trusted key that verified it. */
  keyId?: string;
}

/** The trusted keys that could have made `signature`: the named one, else every key of its algorithm. */
function candidates(signature: SignatureToCheck, trust: TrustStore): ResolvedKey[] | string {
  if (signature.keyId) {
    const key = trust.byId(signature.keyId);
    if (!key) return `no trusted key ${shortId(signature.keyId)}`;
    if (key.info.algorithm !== signature.algorithm) {
      return `key ${shortId(signature.keyId)} is ${key.info.algorithm}, not ${signature.algorithm}`;
    }
    return [key];
  }
  const ofAlgorithm = trust.byAlgorithm(signature.algorithm);
  const ref = signature.publicKeyRef;
  const named = ref ? ofAlgorithm.filter((key) => ref.includes(key.info.key_id)) : [];
  if (named.length > 0) return named;
  if (ofAlgorithm.length === 0) return `no trusted ${signature.algorithm} key`;
  return ofAlgorithm;
}

/**
 * Verifies one signature over `message` (a DSSE PAE) with a trusted key, then checks that the key could
 * vouch for it when it was made: not revoked, and its validity window contains `signedAt`. A retired key
 * still verifies what it signed while it was active (rotation keeps old artifacts valid).
 */
export function checkSignature(
  signature: SignatureToCheck,
  message: Uint8Array,
  signedAt: Date,
  trust: TrustStore,
): SignatureCheckResult {
  const sig = fromBase64(signature.signatureB64);
  if (!sig || sig.byteLength === 0) return { ok: false, detail: "signature is not base64" };
  const keys = candidates(signature, trust);
  if (typeof keys === "string") return { ok: false, detail: keys };
  const verifying = keys.find((key) => verifySignature(signature.algorithm, key.spki, message, sig));
  if (!verifying) {
    const which =
      keys.length === 1 ? `key ${shortId(keys[0]!.info.key_id)}` : `any of ${keys.length} trusted keys`;
    return { ok: false, detail: `${signature.algorithm} signature does not verify with ${which}` };
  }
  const { info } = verifying;
  const unusable = keyUnusableAt(info, signedAt);
  if (unusable) return { ok: false, detail: unusable, keyId: info.key_id };
  return {
    ok: true,
    detail: `verified with ${info.status} key ${shortId(info.key_id)} ${describeWindow(info)}`,
    keyId: info.key_id,
  };
}
