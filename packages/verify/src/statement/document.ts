import { QRGValidationError } from "@qrg/core";
import type { SerializedBundle } from "@sigstore/bundle";
import { z } from "zod";
import type { DsseEnvelope } from "../dsse/pae.ts";
import { QRG_ATTESTATION_MEDIA_TYPE } from "./constants.ts";

/** The document served at provenance.attestation_ref. */
export interface AttestationDocument {
  mediaType: typeof QRG_ATTESTATION_MEDIA_TYPE;
  /** Sigstore bundle v0.3 (DSSE) with the classical signature; absent for ML-DSA-87 only. */
  bundle?: SerializedBundle;
  /** Further DSSE envelopes over the same payload (ML-DSA-87), each signature naming its keyid. */
  envelopes: DsseEnvelope[];
  /** `sha256:hex` of the Statement bytes (the DSSE payload). */
  statement_digest: string;
}

export const DsseEnvelopeSchema = z.looseObject({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.looseObject({ keyid: z.string().default(""), sig: z.string() })).min(1),
});

export const AttestationDocumentSchema = z.looseObject({
  mediaType: z.literal(QRG_ATTESTATION_MEDIA_TYPE),
  // The bundle's own structure is checked by @sigstore/bundle when it is verified.
  bundle: z.looseObject({ mediaType: z.string() }).optional(),
  envelopes: z.array(DsseEnvelopeSchema).default([]),
  statement_digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
});

const utf8 = new TextEncoder();

export function encodeAttestationDocument(document: AttestationDocument): Uint8Array {
  return utf8.encode(JSON.stringify(document));
}

/** Parses a document from its bytes, text or JSON value; throws QRGValidationError when it is not one. */
export function parseAttestationDocument(input: Uint8Array | string | unknown): AttestationDocument {
  let value = input;
  if (input instanceof Uint8Array || typeof input === "string") {
    const text = typeof input === "string" ? input : new TextDecoder().decode(input);
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new QRGValidationError("attestation document is not JSON", [], { cause });
    }
  }
  const parsed = AttestationDocumentSchema.safeParse(value);
  if (!parsed.success) {
    throw QRGValidationError.fromZod(parsed.error, "not a QRG attestation document");
  }
  return parsed.data as unknown as AttestationDocument;
}
