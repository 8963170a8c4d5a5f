import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { hashBytes, QRGError } from "@qrg/core";
import { statusOf } from "./s3-retry.ts";

/** Object metadata key holding the sha256 of the body, checked on every read. */
const DIGEST_METADATA = "qrg-sha256";

export interface PutOptions {
  /** Fail with 412 if the key exists (write-once), where the server supports conditional writes. */
  ifNoneMatch: boolean;
  serverSideEncryption: "AES256" | "aws:kms" | "none";
  kmsKeyId: string | undefined;
  contentType: string;
  signal?: AbortSignal;
}

export type PutResult = "written" | "exists";

/** The object calls of the store, with the bytes' digest attached on write and verified on read. */
export class S3Objects {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(client: S3Client, bucket: string) {
    this.#client = client;
    this.#bucket = bucket;
  }

  async put(key: string, body: Uint8Array, options: PutOptions): Promise<PutResult> {
    const input: PutObjectCommandInput = {
      Bucket: this.#bucket,
      Key: key,
      Body: body,
      ContentLength: body.byteLength,
      ContentType: options.contentType,
      Metadata: { [DIGEST_METADATA]: hashBytes("sha256", body).slice("sha256:".length) },
    };
    if (options.ifNoneMatch) input.IfNoneMatch = "*";
    if (options.serverSideEncryption !== "none") {
      input.ServerSideEncryption = options.serverSideEncryption;
      if (options.kmsKeyId) input.SSEKMSKeyId = options.kmsKeyId;
    }
    try {
      await this.#client.send(new PutObjectCommand(input), { abortSignal: options.signal });
      return "written";
    } catch (error) {
      if (statusOf(error) === 412) return "exists";
      throw error;
    }
  }

  /** The object's bytes, verified against the digest stored with them; undefined when there is none. */
  async get(key: string): Promise<Uint8Array | undefined> {
    let response: GetObjectCommandOutput;
    try {
      response = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
    const expected = response.Metadata?.[DIGEST_METADATA];
    if (expected === undefined || hashBytes("sha256", bytes) !== `sha256:${expected}`) {
      throw new QRGError(
        "storage_error",
        `object ${key} does not match the digest stored with it (altered or written outside QRG)`,
      );
    }
    return bytes;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }
}

export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === "NoSuchKey" || name === "NotFound" || statusOf(error) === 404;
}
