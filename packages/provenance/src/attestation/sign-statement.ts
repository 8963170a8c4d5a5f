import type { KeyAlgorithm } from "@qrg/schema";
import type { DsseEnvelope } from "@qrg/verify";
import { isClassical } from "@qrg/verify";
import type { KeyCustody, SigningKey } from "../signing-key.ts";
import { signStatementEnvelope } from "./envelope.ts";
import { buildStatementBundle, type SerializedBundle } from "./sigstore-bundle.ts";

/** One signature over the Statement's PAE, with the key that made it. */
export interface StatementSignature {
  algorithm: KeyAlgorithm;
  key_id: string;
  custody: KeyCustody;
  signature_b64: string;
}

export interface SignedStatement {
  /** Sigstore bundle carrying the first classical signature; absent when only ML-DSA-87 signs. */
  bundle?: SerializedBundle;
  /** Every other signature, one DSSE envelope each, over the same payload. */
  envelopes: DsseEnvelope[];
  /** All signatures in `keys` order. */
  signatures: StatementSignature[];
}

/**
 * Signs the Statement bytes with every key at once: the first classical key into a Sigstore bundle, the
 * others (ML-DSA-87) into plain DSSE envelopes. Signing runs concurrently so a slow ML-DSA signature
 * (off-thread in node:crypto) overlaps the classical one.
 */
export async function signStatement(
  payload: Uint8Array,
  keys: readonly SigningKey[],
): Promise<SignedStatement> {
  const bundleKeyIndex = keys.findIndex((key) => isClassical(key.algorithm));
  const parts = await Promise.all(
    keys.map(async (key, index) => {
      if (index === bundleKeyIndex) {
        const bundle = await buildStatementBundle(key, payload);
        return { key, bundle, sig: bundle.dsseEnvelope!.signatures[0]!.sig };
      }
      const envelope = await signStatementEnvelope(key, payload);
      return { key, envelope, sig: envelope.signatures[0]!.sig };
    }),
  );
  const signed: SignedStatement = { envelopes: [], signatures: [] };
  for (const part of parts) {
    if ("bundle" in part) signed.bundle = part.bundle;
    if ("envelope" in part && part.envelope) signed.envelopes.push(part.envelope);
    signed.signatures.push({
      algorithm: part.key.algorithm,
      key_id: part.key.keyId,
      custody: part.key.custody,
      signature_b64: part.sig,
    });
  }
  return signed;
}
