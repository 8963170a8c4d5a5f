import type { QRGResponse } from "@qrg/schema";

/** What is kept for each qrg_id: the response exactly as returned (without timing-independent changes). */
export interface StoredRecord {
  response: QRGResponse;
  /** `alg:hex` of the content bytes (equals response.artifact.hash). */
  content_hash: string;
  content_type: string;
  stored_at: string;
}

export interface CommitEntry {
  qrg_id: string;
  content_hash: string;
  content: Uint8Array;
  attestation: Uint8Array;
  record: StoredRecord;
}

/**
 * Durable artifact storage. Content is content-addressed and write-once; records and attestations are
 * keyed by qrg_id and write-once. `commit` makes everything durable and writes the record last: once it
 * resolves the artifact is safe, and if it rejects (or the signal aborts before the record lands) nothing
 * for that qrg_id remains.
 */
export interface ArtifactStore {
  commit(entry: CommitEntry, signal: AbortSignal): Promise<void>;
  getRecord(qrgId: string): Promise<StoredRecord | undefined>;
  getContent(hash: string): Promise<Uint8Array | undefined>;
  getAttestation(qrgId: string): Promise<Uint8Array | undefined>;
  putSbom(digest: string, bytes: Uint8Array): Promise<void>;
  getSbom(digest: string): Promise<Uint8Array | undefined>;
  health(): Promise<"ok" | "error">;
  /** Flushes and releases resources (graceful shutdown); idempotent. Stores with nothing to release omit it. */
  close?(): Promise<void>;
}
