import type { Provenance, PublicKeyInfo, QRGRequest, QRGResponse, RequestOptions } from "@qrg/schema";
import type { PolicyRef } from "./gate.ts";

/** Builds the public URLs the provenance block points at. */
export interface UrlBuilder {
  artifactContent(qrgId: string): string;
  attestation(qrgId: string): string;
  key(keyId: string): string;
  sbom(digest: string): string;
}

export interface AttestationInput {
  qrg_id: string;
  artifact: { hash: string; size_bytes: number; content_type: string; type: string };
  /** The request as received; the attestation replaces the raw seed by its digest. */
  request: QRGRequest;
  options: RequestOptions;
  started_on: Date;
  finished_on: Date;
  /** Gate policy used, listed as a resolved dependency. */
  policy: PolicyRef;
  urls: UrlBuilder;
}

export interface Attestation {
  /** The response's provenance block (builder_id, build_time, sbom_ref, attestation_ref, slsa_level, signature…). */
  provenance: Provenance;
  /** The attestation document served at attestation_ref (Sigstore bundle and any further DSSE envelopes). */
  document: Uint8Array;
  /** Non-blocking warnings (e.g. a local key fallback). */
  warnings: string[];
}

export interface VerificationInput {
  response: QRGResponse;
  /** The artifact bytes. */
  content: Uint8Array;
  /** The stored attestation document, when there is one. */
  attestation?: Uint8Array;
}

export interface VerificationCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface VerificationResult {
  signature_valid: boolean;
  provenance_verified: boolean;
  checks: VerificationCheck[];
}

/** Signing and attestation: the Signer/provenance port. */
export interface ProvenanceService {
  attest(input: AttestationInput, signal: AbortSignal): Promise<Attestation>;
  /** Verifies signatures and the attestation of a response against its bytes. Hash is checked by the caller. */
  verify(input: VerificationInput): Promise<VerificationResult>;
  /** Public keys with their status and validity windows. */
  listKeys(): Promise<PublicKeyInfo[]>;
  /** The service SBOM (CycloneDX JSON) and its digest, when one is loaded. */
  sbom(): { digest: string; bytes: Uint8Array } | undefined;
  health(): Promise<"ok" | "error">;
}
