import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { PublicKeyInfo } from "@qrg/schema";
import {
  decodePublishedKey,
  encodePublishedKey,
  type PublicKeyDirectory,
  publishedKeyName,
} from "../keys/public-key-directory.ts";
import type { S3Objects } from "./s3-objects.ts";

/** Published keys as objects `<prefix>public-keys/<key_id>.json`, verified like every other object on read. */
export class S3KeyDirectory implements PublicKeyDirectory {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #objects: S3Objects;
  readonly #sse: "AES256" | "aws:kms" | "none";

  constructor(
    client: S3Client,
    bucket: string,
    prefix: string,
    objects: S3Objects,
    sse: "AES256" | "aws:kms" | "none",
  ) {
    this.#client = client;
    this.#bucket = bucket;
    this.#prefix = `${prefix}public-keys/`;
    this.#objects = objects;
    this.#sse = sse;
  }

  async publishKeys(keys: readonly PublicKeyInfo[]): Promise<void> {
    for (const key of keys) {
      await this.#objects.put(`${this.#prefix}${publishedKeyName(key.key_id)}`, encodePublishedKey(key), {
        ifNoneMatch: false,
        serverSideEncryption: this.#sse,
        kmsKeyId: undefined,
        contentType: "application/json",
      });
    }
  }

  async publishedKeys(): Promise<PublicKeyInfo[]> {
    const keys: PublicKeyInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, ContinuationToken: token }),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      for (const object of page.Contents ?? []) {
        if (!object.Key?.endsWith(".json")) continue;
        const bytes = await this.#objects.get(object.Key).catch(() => undefined);
        const key = bytes && decodePublishedKey(bytes);
        if (key) keys.push(key);
      }
    } while (token);
    return keys;
  }
}
