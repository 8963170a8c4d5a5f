import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import {
  type ArtifactStore,
  type CommitEntry,
  hashBytes,
  QRGError,
  QRGUnavailableError,
  type StoredRecord,
} from "@qrg/core";
import type { PublicKeyInfo } from "@qrg/schema";
import type { PublicKeyDirectory } from "../keys/public-key-directory.ts";
import { parseDigest } from "../layout.ts";
import { RecordCache } from "../record-cache.ts";
import { artifactExpired, type RetentionListener, RetentionPolicy, storedAtMs } from "../retention.ts";
import { checkCommitEntry, conflict, storageError } from "../store-checks.ts";
import { parseStoredRecord } from "../stored-record-schema.ts";
import { S3KeyDirectory } from "./s3-key-directory.ts";
import { S3Layout } from "./s3-layout.ts";
import { type PutOptions, S3Objects } from "./s3-objects.ts";
import { withRetry } from "./s3-retry.ts";
import { sweepExpired } from "./s3-sweep.ts";

export interface S3ArtifactStoreOptions {
  /** The bucket (`QRG_S3_BUCKET`). */
  bucket: string;
  /**
   * Key prefix inside the bucket (`QRG_S3_PREFIX`), so several deployments can share one bucket.
   * @default ""
   */
  prefix?: string;
  /** Endpoint of an S3-compatible server (`QRG_S3_ENDPOINT`), e.g. MinIO; unset for AWS. */
  endpoint?: string;
  /**
   * Region; unset: the SDK's provider chain (`AWS_REGION`, the profile), else `us-east-1`.
   */
  region?: string;
  /**
   * Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need.
   * @default true when `endpoint` is set
   */
  forcePathStyle?: boolean;
  /**
   * Server-side encryption requested on every put.
   * @default "AES256"
   */
  serverSideEncryption?: "AES256" | "aws:kms" | "none";
  /** KMS key for `aws:kms`; unset: the bucket's default key. */
  kmsKeyId?: string;
  /**
   * Rely on `If-None-Match: *` puts for write-once (AWS S3 and MinIO honour it). Servers that ignore it
   * need `false`: the store then checks for the record before writing it (a race between two writers of
   * the same qrg_id is then possible; ids are random UUIDs, so only a replayed commit could hit it).
   * @default true
   */
  conditionalWrites?: boolean;
  /**
   * Days an artifact is served after its `stored_at`; reads of older ones answer `artifact_expired`.
   * `storage init` puts the same number into the bucket's lifecycle rule. 0 keeps everything.
   * @default 90
   */
  retentionDays?: number;
  /** Told about every artifact `sweep()` removes (the audit trail), before it is removed. */
  onRetentionRemoval?: RetentionListener;
  /**
   * Attempts per read (with backoff) before the store answers unavailable. Commits retry until their
   * signal aborts instead (the request's deadline).
   * @default 3
   */
  readAttempts?: number;
  /**
   * Attempts per commit step (with backoff, capped at 1 s apart) unless the commit's deadline ends them
   * first: a commit never outlives its request.
   * @default 12
   */
  commitAttempts?: number;
  /**
   * Timeout of one HTTP request to the object store.
   * @default 5000
   */
  requestTimeoutMs?: number;
  /**
   * Parsed records kept in memory (LRU); 0 turns the cache off.
   * @default 10000
   */
  recordCacheSize?: number;
  /**
   * Check content bytes against their digest on commit and read. An encrypting decorator stores
   * ciphertext under the plaintext's digest and turns this off (it re-hashes the decrypted bytes); every
   * object is still verified against the sha256 stored with it.
   * @default true
   */
  verifyContentHash?: boolean;
  /** A client to use instead of one built from the options above (custom credentials or middleware). */
  client?: S3Client;
}

/**
 * ArtifactStore on an S3 bucket. A commit writes content (addressed by digest) and attestation first and
 * the record last: the record's put is the commit point, so a visible record always has its content and
 * attestation, and a commit that fails or runs out of time before it leaves nothing a reader can see
 * (orphaned content or attestation objects are invisible: reads go through the record). Every put is
 * retried with backoff inside the commit's deadline and requests server-side encryption; every read
 * verifies the bytes against the digest stored with them. Records and attestations are write-once.
 */
export class S3ArtifactStore implements ArtifactStore, PublicKeyDirectory {
  readonly client: S3Client;
  readonly layout: S3Layout;
  readonly bucket: string;
  readonly #objects: S3Objects;
  readonly #policy: RetentionPolicy;
  readonly #listener: RetentionListener | undefined;
  readonly #cache: RecordCache;
  readonly #committing = new Set<string>();
  readonly #conditional: boolean;
  readonly #readAttempts: number;
  readonly #commitAttempts: number;
  readonly #verifyContentHash: boolean;
  readonly #put: Omit<PutOptions, "ifNoneMatch" | "contentType" | "signal">;
  readonly #ownsClient: boolean;
  readonly #keys: S3KeyDirectory;
  #closed = false;

  constructor(options: S3ArtifactStoreOptions) {
    if (!options.bucket) throw new QRGError("config_error", "the S3 store needs a bucket (QRG_S3_BUCKET)");
    this.bucket = options.bucket;
    this.#ownsClient = options.client === undefined;
    this.client =
      options.client ??
      new S3Client({
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
        forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
        // Retries are the store's own (bounded by the request deadline), not the SDK's.
        maxAttempts: 1,
        requestHandler: { requestTimeout: options.requestTimeoutMs ?? 5000, connectionTimeout: 2000 },
      });
    this.layout = new S3Layout(options.prefix);
    this.#objects = new S3Objects(this.client, this.bucket);
    this.#policy = new RetentionPolicy(options.retentionDays);
    this.#listener = options.onRetentionRemoval;
    this.#cache = new RecordCache(options.recordCacheSize ?? 10_000);
    this.#conditional = options.conditionalWrites ?? true;
    this.#readAttempts = options.readAttempts ?? 3;
    this.#commitAttempts = options.commitAttempts ?? 12;
    this.#verifyContentHash = options.verifyContentHash ?? true;
    this.#put = {
      serverSideEncryption: options.serverSideEncryption ?? "AES256",
      kmsKeyId: options.kmsKeyId,
    };
    this.#keys = new S3KeyDirectory(
      this.client,
      this.bucket,
      this.layout.prefix,
      this.#objects,
      this.#put.serverSideEncryption,
    );
  }

  get retention(): RetentionPolicy {
    return this.#policy;
  }

  async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
    if (this.#closed) throw new QRGUnavailableError("the artifact store is closed");
    checkCommitEntry(entry, this.#verifyContentHash);
    if (this.#committing.has(entry.qrg_id)) throw conflict(entry.qrg_id);
    this.#committing.add(entry.qrg_id);
    try {
      const recordKey = this.layout.record(entry.qrg_id);
      const record = Buffer.from(JSON.stringify(entry.record));
      if (
        !this.#conditional &&
        (await this.#retry(() => this.#objects.exists(recordKey), "checking", signal))
      ) {
        throw conflict(entry.qrg_id);
      }
      signal.throwIfAborted();
      const contentType = entry.record.content_type;
      await Promise.all([
        // Content is shared by digest: rewriting the same bytes is harmless and renews the object's age,
        // so the bucket's lifecycle rule never removes content a younger artifact still uses.
        this.#retry(
          () =>
            this.#objects.put(
              this.layout.content(entry.content_hash),
              entry.content,
              this.#opts(false, contentType, signal),
            ),
          "writing content",
          signal,
        ),
        this.#writeOnce(this.layout.attestation(entry.qrg_id), entry.attestation, entry.qrg_id, signal),
      ]);
      signal.throwIfAborted();
      // The commit point: the record makes the artifact visible.
      await this.#writeOnce(recordKey, record, entry.qrg_id, signal);
      this.#cache.set(entry.qrg_id, entry.record);
    } finally {
      this.#committing.delete(entry.qrg_id);
    }
  }

  async getRecord(qrgId: string): Promise<StoredRecord | undefined> {
    const key = this.layout.record(qrgId);
    let record = this.#cache.get(qrgId);
    if (!record) {
      const bytes = await this.#retry(() => this.#objects.get(key), "reading a record");
      if (!bytes) {
        const expired = await this.#retry(
          () => this.#objects.exists(this.layout.tombstone(qrgId)),
          "reading",
        );
        if (expired) throw artifactExpired(qrgId);
        return undefined;
      }
      try {
        record = parseStoredRecord(Buffer.from(bytes).toString("utf8"));
      } catch (error) {
        throw storageError(`the stored record of ${qrgId} does not parse`, error);
      }
      this.#cache.set(qrgId, record);
    }
    if (this.#policy.isExpired(storedAtMs(record.stored_at))) throw artifactExpired(qrgId);
    return record;
  }

  /** The content bytes, checked against their digest: altered bytes are a storage_error, never served. */
  async getContent(hash: string): Promise<Uint8Array | undefined> {
    const parsed = parseDigest(hash);
    const bytes = await this.#retry(() => this.#objects.get(this.layout.content(hash)), "reading content");
    if (bytes && this.#verifyContentHash && hashBytes(parsed.algorithm, bytes) !== hash) {
      throw new QRGError("storage_error", `content stored under ${hash} does not match that digest`);
    }
    return bytes;
  }

  async getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    if (!(await this.getRecord(qrgId))) return undefined;
    return this.#retry(() => this.#objects.get(this.layout.attestation(qrgId)), "reading an attestation");
  }

  async putSbom(digest: string, bytes: Uint8Array): Promise<void> {
    if (hashBytes(parseDigest(digest).algorithm, bytes) !== digest) {
      throw new QRGError("storage_error", `SBOM bytes do not match the digest ${digest}`);
    }
    const key = this.layout.sbom(digest);
    await this.#retry(
      () => this.#objects.put(key, bytes, this.#opts(this.#conditional, "application/vnd.cyclonedx+json")),
      "writing an SBOM",
    );
  }

  getSbom(digest: string): Promise<Uint8Array | undefined> {
    return this.#retry(() => this.#objects.get(this.layout.sbom(digest)), "reading an SBOM");
  }

  /** Publishes public signing keys for every instance on this bucket and prefix (`public-keys/<key_id>.json`). */
  publishKeys(keys: readonly PublicKeyInfo[]): Promise<void> {
    return this.#retry(() => this.#keys.publishKeys(keys), "publishing keys");
  }

  publishedKeys(): Promise<PublicKeyInfo[]> {
    return this.#retry(() => this.#keys.publishedKeys(), "reading published keys");
  }

  async health(): Promise<"ok" | "error"> {
    if (this.#closed) return "error";
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return "ok";
    } catch {
      return "error";
    }
  }

  /**
   * Removes the records and attestations of expired artifacts, telling the listener first and leaving a
   * tombstone so reads keep answering 410. Content objects are left to the bucket's lifecycle rule (they
   * are shared by digest and renewed by every commit that uses them).
   */
  sweep(nowMs = Date.now()): Promise<{ artifactsRemoved: number }> {
    return sweepExpired({
      client: this.client,
      bucket: this.bucket,
      layout: this.layout,
      objects: this.#objects,
      policy: this.#policy,
      listener: this.#listener,
      putTombstone: (qrgId) =>
        this.#objects.put(
          this.layout.tombstone(qrgId),
          new Uint8Array(),
          this.#opts(false, "application/octet-stream"),
        ),
      nowMs,
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsClient) this.client.destroy();
  }

  /** A write-once put: an existing object with the same bytes is our own earlier attempt, anything else a conflict. */
  async #writeOnce(key: string, bytes: Uint8Array, qrgId: string, signal: AbortSignal): Promise<void> {
    const result = await this.#retry(
      () => this.#objects.put(key, bytes, this.#opts(this.#conditional, "application/json", signal)),
      "writing",
      signal,
    );
    if (result === "written") return;
    const existing = await this.#retry(() => this.#objects.get(key), "reading back", signal);
    if (!existing || Buffer.compare(Buffer.from(existing), Buffer.from(bytes)) !== 0) throw conflict(qrgId);
  }

  #opts(ifNoneMatch: boolean, contentType: string, signal?: AbortSignal): PutOptions {
    return { ...this.#put, ifNoneMatch, contentType, ...(signal ? { signal } : {}) };
  }

  /** Commit steps retry until their signal aborts (or `commitAttempts`); reads `readAttempts` times. */
  #retry<T>(operation: () => Promise<T>, what: string, signal?: AbortSignal): Promise<T> {
    return withRetry(operation, {
      signal,
      maxAttempts: signal ? this.#commitAttempts : this.#readAttempts,
      baseDelayMs: 25,
      what: `${what} (bucket ${this.bucket})`,
    });
  }
}

export function createS3ArtifactStore(options: S3ArtifactStoreOptions): S3ArtifactStore {
  return new S3ArtifactStore(options);
}
