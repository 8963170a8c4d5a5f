import type {
  Health,
  PublicKeyInfo,
  QRGRequest,
  QRGResponse,
  ValidateRequest,
  ValidateResult,
} from "@qrg/schema";
import type { Principal } from "./principal.ts";

export interface GenerateCall {
  /** The parsed request (option defaults applied). */
  request: QRGRequest;
  principal: Principal;
  /** Aborts the whole request from outside (client gone, shutdown). The deadline is options.timeout_ms. */
  signal?: AbortSignal;
  /**
   * The mesh consensus job id, chosen by a caller that hands out the job's URL before the job ends
   * (`Prefer: respond-async`). @default a new id
   */
  consensusJobId?: string;
}

export interface StoredContent {
  bytes: Uint8Array;
  content_type: string;
  hash: string;
}

/**
 * The adapter contract: what apps/api serves over HTTP. The production adapter (`QRGService`) and the
 * sandbox `MockQRGAdapter` both implement it.
 */
export interface QRGAdapter {
  /** `production` or `mock`; the API reports it and never falls back silently. */
  readonly kind: "production" | "mock";
  generate(call: GenerateCall): Promise<QRGResponse>;
  validate(request: ValidateRequest): Promise<ValidateResult>;
  health(): Promise<Health>;
  /** The stored response for a qrg_id. */
  getArtifact(qrgId: string): Promise<QRGResponse | undefined>;
  getContent(qrgId: string): Promise<StoredContent | undefined>;
  /** The attestation document (JSON bytes) for a qrg_id. */
  getAttestation(qrgId: string): Promise<Uint8Array | undefined>;
  listKeys(): Promise<PublicKeyInfo[]>;
  getSbom(digest: string): Promise<Uint8Array | undefined>;
}
