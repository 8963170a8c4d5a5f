import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { QRGError } from "@qrg/core";
import type { S3ArtifactStore } from "./s3-artifact-store.ts";
import { isNotFound } from "./s3-objects.ts";

export type InitStepResult =
  | { step: InitStep; status: "applied" }
  | { step: InitStep; status: "failed"; error: string };
export type InitStep = "bucket" | "versioning" | "encryption" | "lifecycle";

/**
 * Prepares the store's bucket: creates it if missing, enables versioning (the audit trail of every
 * object), sets default encryption (AES-256), and puts the retention lifecycle rule on the store's prefix:
 * current versions expire `retentionDays` after they were written, noncurrent ones a day later, incomplete
 * uploads after a day. Every step is tried and reported; `assertInitApplied` turns failures into an error.
 */
export async function initS3Bucket(store: S3ArtifactStore): Promise<InitStepResult[]> {
  const { client, bucket } = store;
  const days = store.retention.days;
  const steps: Array<[InitStep, () => Promise<unknown>]> = [
    ["bucket", () => ensureBucket(client, bucket)],
    [
      "versioning",
      () =>
        client.send(
          new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
        ),
    ],
    [
      "encryption",
      () =>
        client.send(
          new PutBucketEncryptionCommand({
            Bucket: bucket,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
            },
          }),
        ),
    ],
    [
      "lifecycle",
      () =>
        client.send(
          new PutBucketLifecycleConfigurationCommand({
            Bucket: bucket,
            LifecycleConfiguration: {
              Rules: [
                {
                  ID: `qrg-retention-${store.layout.prefix || "all"}`,
                  Status: days > 0 ? "Enabled" : "Disabled",
                  Filter: { Prefix: store.layout.prefix },
                  Expiration: { Days: Math.max(1, Math.ceil(days)) },
                  NoncurrentVersionExpiration: { NoncurrentDays: 1 },
                  AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
                },
              ],
            },
          }),
        ),
    ],
  ];
  const results: InitStepResult[] = [];
  for (const [step, run] of steps) {
    try {
      await run();
      results.push({ step, status: "applied" });
    } catch (error) {
      const e = error as { name?: string; message?: string };
      results.push({
        step,
        status: "failed",
        error: `${e?.name ?? "Error"}: ${e?.message ?? String(error)}`,
      });
    }
  }
  return results;
}

/** Throws a config_error naming every step that failed. */
export function assertInitApplied(results: readonly InitStepResult[]): void {
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length > 0) {
    const detail = failed.map((r) => `${r.step} (${r.status === "failed" ? r.error : ""})`).join("; ");
    throw new QRGError("config_error", `storage init could not apply: ${detail}`);
  }
}

async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
