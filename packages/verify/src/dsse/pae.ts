import { IN_TOTO_PAYLOAD_TYPE } from "../statement/constants.ts";

/** A DSSE envelope in its JSON form (payload and signatures base64). */
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

const utf8 = new TextEncoder();

/**
 * DSSE v1 pre-authentication encoding: `"DSSEv1" SP len(type) SP type SP len(body) SP body`, lengths as
 * ASCII decimal byte counts. Signatures cover these bytes, never the bare payload.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = utf8.encode(payloadType);
  const head = utf8.encode(`DSSEv1 ${type.byteLength} ${payloadType} ${payload.byteLength} `);
  const out = new Uint8Array(head.byteLength + payload.byteLength);
  out.set(head, 0);
  out.set(payload, head.byteLength);
  return out;
}

/** PAE for an in-toto Statement payload. */
export function statementPae(payload: Uint8Array): Uint8Array {
  return preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/**
 * Strict base64 decoding (standard or URL-safe alphabet, padding optional, as DSSE allows): Buffer.from
 * silently skips invalid characters, which would hide tampering, so the text must re-encode to itself.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  const normalise = (s: string) => s.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (normalise(bytes.toString("base64")) !== normalise(text)) return undefined;
  return new Uint8Array(bytes);
}
