import { QRGValidationError } from "@qrg/core";
import { readWhole, TAG } from "./der.ts";

const BEGIN = "-----BEGIN PUBLIC KEY-----";
const END = "-----END PUBLIC KEY-----";

/** Standard "PUBLIC KEY" PEM (RFC 7468): base64 of the DER SPKI in 64-column lines, trailing newline. */
export function spkiToPem(spki: Uint8Array): string {
  const base64 = Buffer.from(spki).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `${BEGIN}\n${lines.join("\n")}\n${END}\n`;
}

/** The DER SPKI inside the first "PUBLIC KEY" PEM block of `pem`; QRGValidationError when there is none. */
export function pemToSpki(pem: string): Uint8Array {
  const begin = pem.indexOf(BEGIN);
  const end = pem.indexOf(END, begin + BEGIN.length);
  if (begin < 0 || end < 0) throw invalid("no -----BEGIN PUBLIC KEY----- block");
  const body = pem.slice(begin + BEGIN.length, end).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) throw invalid("PEM body is not base64");
  const spki = new Uint8Array(Buffer.from(body, "base64"));
  try {
    readWhole(spki, TAG.SEQUENCE);
  } catch (cause) {
    throw invalid(`PEM does not hold a DER SubjectPublicKeyInfo (${(cause as Error).message})`, cause);
  }
  return spki;
}

function invalid(message: string, cause?: unknown): QRGValidationError {
  return new QRGValidationError(`invalid public key PEM: ${message}`, [{ path: "public_key_pem", message }], {
    cause,
  });
}
