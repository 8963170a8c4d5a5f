import { sign, verify } from "node:crypto";
import { canonicalJsonBytes } from "@qrg/core";
import { mockTestKey } from "./test-key.ts";

/** The DSSE payload type of an in-toto Statement. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** DSSE v1 Pre-Authentication Encoding: what is actually signed, binding the payload to its type. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = Buffer.from(payloadType, "utf8");
  const header = Buffer.from(`DSSEv1 ${type.byteLength} ${payloadType} ${payload.byteLength} `, "utf8");
  return Buffer.concat([header, payload]);
}

export interface DsseEnvelope {
  payloadType: string;
  /** base64 of the payload bytes. */
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

/** Signs a payload with the mock test key; returns the envelope and the raw signature (base64). */
export function signEnvelope(payload: Uint8Array): { envelope: DsseEnvelope; signatureB64: string } {
  const key = mockTestKey();
  const signatureB64 = sign(null, pae(IN_TOTO_PAYLOAD_TYPE, payload), key.privateKey).toString("base64");
  return {
    envelope: {
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: Buffer.from(payload).toString("base64"),
      signatures: [{ keyid: key.keyId, sig: signatureB64 }],
    },
    signatureB64,
  };
}

/** Whether `signatureB64` is the mock test key's Ed25519 signature over PAE(payloadType, payload). */
export function verifySignature(payloadType: string, payload: Uint8Array, signatureB64: string): boolean {
  try {
    return verify(
      null,
      pae(payloadType, payload),
      mockTestKey().publicKey,
      Buffer.from(signatureB64, "base64"),
    );
  } catch {
    return false;
  }
}

export function envelopeBytes(envelope: DsseEnvelope): Uint8Array {
  return canonicalJsonBytes(envelope);
}
