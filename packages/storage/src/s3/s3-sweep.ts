import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { RetentionListener, RetentionPolicy, RetentionRemoval } from "../retention.ts";
import { storedAtMs } from "../retention.ts";
import { parseStoredRecord } from "../stored-record-schema.ts";
import type { S3Layout } from "./s3-layout.ts";
import type { PutResult, S3Objects } from "./s3-objects.ts";

export interface SweepContext {
  client: S3Client;
  bucket: string;
  layout: S3Layout;
  objects: S3Objects;
  policy: RetentionPolicy;
  listener: RetentionListener | undefined;
  putTombstone: (qrgId: string) => Promise<PutResult>;
  nowMs: number;
}

/**
 * Lists the records, and for each whose `stored_at` is past retention: tells the listener (the audit
 * trail), writes the tombstone, deletes the attestation, then the record. Every record is read (its
 * `stored_at`, not the object's age, decides). A listener failure stops the sweep before anything of that
 * page is removed.
 */
export async function sweepExpired(context: SweepContext): Promise<{ artifactsRemoved: number }> {
  if (context.policy.days === 0) return { artifactsRemoved: 0 };
  let artifactsRemoved = 0;
  let token: string | undefined;
  do {
    const page = await context.client.send(
      new ListObjectsV2Command({
        Bucket: context.bucket,
        Prefix: context.layout.recordsPrefix,
        ContinuationToken: token,
      }),
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    const removals: RetentionRemoval[] = [];
    for (const object of page.Contents ?? []) {
      const qrgId = object.Key ? context.layout.qrgIdOfRecordKey(object.Key) : undefined;
      if (!qrgId) continue;
      const bytes = await context.objects.get(object.Key!);
      if (!bytes) continue;
      const record = parseStoredRecord(Buffer.from(bytes).toString("utf8"));
      if (!context.policy.isExpired(storedAtMs(record.stored_at), context.nowMs)) continue;
      removals.push({
        qrg_id: qrgId,
        content_hash: record.content_hash,
        stored_at: record.stored_at,
        removed_at: new Date(context.nowMs).toISOString(),
        backend: "s3",
      });
    }
    if (removals.length === 0) continue;
    await context.listener?.(removals);
    for (const removal of removals) {
      await context.putTombstone(removal.qrg_id);
      await context.objects.delete(context.layout.attestation(removal.qrg_id));
      await context.objects.delete(context.layout.record(removal.qrg_id));
      artifactsRemoved++;
    }
  } while (token);
  return { artifactsRemoved };
}
