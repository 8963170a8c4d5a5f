import {
  type ArtifactStore,
  type CommitEntry,
  hashBytes,
  parseHash,
  QRGError,
  QRGValidationError,
  type StoredRecord,
} from "@qrg/core";

const QRG_ID = /^qrg:[a-f0-9-]{1,64}$/;

function checkId(qrgId: string): void {
  if (!QRG_ID.test(qrgId)) {
    throw new QRGValidationError(`not a qrg_id (qrg:<uuid>): ${JSON.stringify(qrgId)}`, [
      { path: "qrg_id", message: "expected qrg: followed by lowercase hex and hyphens" },
    ]);
  }
}

/**
 * An ArtifactStore in process memory with the filesystem store's contract (write-once records, verified
 * content-addressed blobs, record-last commit that honours its signal) but no durability: everything is
 * gone when the process exits. The mock adapter's default; also handy in consumers' tests.
 */
export class MemoryArtifactStore implements ArtifactStore {
  readonly #records = new Map<string, StoredRecord>();
  readonly #attestations = new Map<string, Uint8Array>();
  readonly #content = new Map<string, Uint8Array>();
  readonly #sboms = new Map<string, Uint8Array>();

  async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    checkId(entry.qrg_id);
    const { algorithm } = parseHash(entry.content_hash);
    if (hashBytes(algorithm, entry.content) !== entry.content_hash) {
      throw new QRGError(
        "storage_error",
        `content bytes of ${entry.qrg_id} do not match ${entry.content_hash}`,
      );
    }
    if (this.#records.has(entry.qrg_id) || this.#attestations.has(entry.qrg_id)) {
      throw new QRGError("conflict", `${entry.qrg_id} is already stored (records are write-once)`);
    }
    if (!this.#content.has(entry.content_hash)) this.#content.set(entry.content_hash, entry.content.slice());
    // Copies, so that callers mutating their buffers later cannot alter what was stored.
    this.#attestations.set(entry.qrg_id, entry.attestation.slice());
    this.#records.set(entry.qrg_id, structuredClone(entry.record));
  }

  async getRecord(qrgId: string): Promise<StoredRecord | undefined> {
    checkId(qrgId);
    const record = this.#records.get(qrgId);
    return record === undefined ? undefined : structuredClone(record);
  }

  async getContent(hash: string): Promise<Uint8Array | undefined> {
    parseHash(hash);
    return this.#content.get(hash)?.slice();
  }

  async getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    checkId(qrgId);
    return this.#attestations.get(qrgId)?.slice();
  }

  async putSbom(digest: string, bytes: Uint8Array): Promise<void> {
    const { algorithm } = parseHash(digest);
    if (hashBytes(algorithm, bytes) !== digest) {
      throw new QRGError("storage_error", `SBOM bytes do not match the digest ${digest}`);
    }
    if (!this.#sboms.has(digest)) this.#sboms.set(digest, bytes.slice());
  }

  async getSbom(digest: string): Promise<Uint8Array | undefined> {
    parseHash(digest);
    return this.#sboms.get(digest)?.slice();
  }

  async health(): Promise<"ok" | "error"> {
    return "ok";
  }
}
