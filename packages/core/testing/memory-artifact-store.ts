import { isQrgId } from "@qrg/schema";
import type { ArtifactStore, CommitEntry, StoredRecord } from "../src/index.ts";
import { hashBytes, parseHash, QRGError, QRGValidationError } from "../src/index.ts";

function checkId(qrgId: string): void {
  if (!isQrgId(qrgId)) {
    throw new QRGValidationError(`not a qrg_id (qrg:<uuid>): ${JSON.stringify(qrgId)}`, [
      { path: "qrg_id", message: "expected qrg: followed by lowercase hex and hyphens" },
    ]);
  }
}

export interface MemoryArtifactStoreOptions {
  /**
   * Refuse content whose bytes do not hash to `content_hash`. Turn it off under a decorator that stores
   * transformed bytes (ciphertext) under the plaintext digest.
   * @default true
   */
  verifyContent?: boolean;
}

/**
 * An ArtifactStore in process memory with the durable stores' contract — write-once records, content
 * addressed by digest, the record written last as the commit point, the signal honoured up to it — but no
 * durability. What it holds is open to the test (`records`, `contents`, `attestations`, `sboms`) so that a
 * test can inspect or tamper with it, as someone with disk access could; reads and writes copy, so
 * callers cannot alter what is stored by accident.
 */
export class MemoryArtifactStore implements ArtifactStore {
  readonly records = new Map<string, StoredRecord>();
  readonly contents = new Map<string, Uint8Array>();
  readonly attestations = new Map<string, Uint8Array>();
  readonly sboms = new Map<string, Uint8Array>();
  /** A slow disk: how long a commit takes between writing the blobs and writing the record. @default 0 */
  commitDelayMs = 0;
  /** What health() answers. @default true */
  healthy = true;
  readonly #verifyContent: boolean;

  constructor(options: MemoryArtifactStoreOptions = {}) {
    this.#verifyContent = options.verifyContent ?? true;
  }

  async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    checkId(entry.qrg_id);
    const { algorithm } = parseHash(entry.content_hash);
    if (this.#verifyContent && hashBytes(algorithm, entry.content) !== entry.content_hash) {
      throw new QRGError(
        "storage_error",
        `content bytes of ${entry.qrg_id} do not match ${entry.content_hash}`,
      );
    }
    if (this.records.has(entry.qrg_id) || this.attestations.has(entry.qrg_id)) {
      throw new QRGError("conflict", `${entry.qrg_id} is already stored (records are write-once)`);
    }
    if (!this.contents.has(entry.content_hash)) this.contents.set(entry.content_hash, entry.content.slice());
    this.attestations.set(entry.qrg_id, entry.attestation.slice());
    if (this.commitDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.commitDelayMs));
    if (signal.aborted) {
      // Past the deadline before the commit point: nothing of this entry remains but its shared content.
      this.attestations.delete(entry.qrg_id);
      throw signal.reason;
    }
    this.records.set(entry.qrg_id, structuredClone(entry.record));
  }

  async getRecord(qrgId: string): Promise<StoredRecord | undefined> {
    checkId(qrgId);
    const record = this.records.get(qrgId);
    return record === undefined ? undefined : structuredClone(record);
  }

  async getContent(hash: string): Promise<Uint8Array | undefined> {
    parseHash(hash);
    return this.contents.get(hash)?.slice();
  }

  async getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    checkId(qrgId);
    return this.attestations.get(qrgId)?.slice();
  }

  async putSbom(digest: string, bytes: Uint8Array): Promise<void> {
    const { algorithm } = parseHash(digest);
    if (hashBytes(algorithm, bytes) !== digest) {
      throw new QRGError("storage_error", `SBOM bytes do not match the digest ${digest}`);
    }
    if (!this.sboms.has(digest)) this.sboms.set(digest, bytes.slice());
  }

  async getSbom(digest: string): Promise<Uint8Array | undefined> {
    parseHash(digest);
    return this.sboms.get(digest)?.slice();
  }

  async health(): Promise<"ok" | "error"> {
    return this.healthy ? "ok" : "error";
  }

  /** Every byte the store holds, concatenated: what a data directory would contain. */
  storedBytes(): Buffer {
    const text = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");
    return Buffer.concat([
      ...[...this.contents.values()].map((b) => Buffer.from(b)),
      ...[...this.attestations.values()].map((b) => Buffer.from(b)),
      ...[...this.records.values()].map(text),
      ...[...this.sboms.values()].map((b) => Buffer.from(b)),
    ]);
  }
}
