import { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, statementPae, toBase64 } from "@qrg/verify";
import type { SigningKey } from "../signing-key.ts";

/**
 * A plain DSSE envelope over a Statement, for signatures a Sigstore bundle cannot carry (a bundle holds
 * exactly one signature, and Sigstore has no ML-DSA key type yet).
 */
export async function signStatementEnvelope(key: SigningKey, payload: Uint8Array): Promise<DsseEnvelope> {
  const signature = await key.sign(statementPae(payload));
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: toBase64(payload),
    signatures: [{ keyid: key.keyId, sig: toBase64(signature) }],
  };
}
