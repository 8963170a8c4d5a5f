import type { ArtifactStore, CommitEntry, StoredRecord } from "@qrg/core";
import { QRGError } from "@qrg/core";

/**
 * A small, real in-memory ArtifactStore for decorator tests: write-once like the port requires, records
 * kept as JSON text (as a file store would), and every stored byte inspectable through `storedBytes()`.
 */
export interface MemoryArtifactStore extends ArtifactStore {
  readonly contents: Map<string, Uint8Array>;
  readonly attestations: Map<string, Uint8Array>;
  readonly records: Map<string, string>;
  /** Everything the store holds, concatenated: what a data dir would contain. */
  storedBytes(): Buffer;
}

export function createMemoryArtifactStore(): MemoryArtifactStore {
  const contents = new Map<string, Uint8Array>();
  const attestations = new Map<string, Uint8Array>();
  const records = new Map<string, string>();
  const sboms = new Map<string, Uint8Array>();
  return {
    contents,
    attestations,
    records,
    async commit(entry: CommitEntry, signal: AbortSignal) {
      signal.throwIfAborted();
      if (records.has(entry.qrg_id)) throw new QRGError("conflict", `${entry.qrg_id} already stored`);
      if (!contents.has(entry.content_hash)) contents.set(entry.content_hash, new Uint8Array(entry.content));
      attestations.set(entry.qrg_id, new Uint8Array(entry.attestation));
      records.set(entry.qrg_id, JSON.stringify(entry.record));
    },
    async getRecord(qrgId) {
      const text = records.get(qrgId);
      return text === undefined ? undefined : (JSON.parse(text) as StoredRecord);
    },
    getContent: async (hash) => contents.get(hash),
    getAttestation: async (qrgId) => attestations.get(qrgId),
    putSbom: async (digest, bytes) => void sboms.set(digest, bytes),
    getSbom: async (digest) => sboms.get(digest),
    health: async () => "ok",
    storedBytes: () =>
      Buffer.concat([
        ...[...contents.values()].map((b) => Buffer.from(b)),
        ...[...attestations.values()].map((b) => Buffer.from(b)),
        ...[...records.values()].map((t) => Buffer.from(t, "utf8")),
      ]),
  };
}
