import { availableParallelism } from "node:os";
import { z } from "zod";
import { resolveWorkerCount } from "../cluster/workers-setting.ts";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/**
 * The environment of storage and scale-out. Part of the API's configuration schema; kept apart so the
 * storage commands (`storage init`, `export`) read exactly the same variables as the server.
 */
export const StorageEnvSchema = z.object({
  /** `fs`: the embedded log-structured store in QRG_DATA_DIR; `s3`: an S3 bucket. @default "fs" */
  QRG_STORAGE: z.enum(["fs", "s3"]).default("fs"),
  /** Bucket of the S3 store (required with QRG_STORAGE=s3). */
  QRG_S3_BUCKET: optionalString,
  /** Endpoint of an S3-compatible server (MinIO…); unset for AWS. */
  QRG_S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  /** Key prefix inside the bucket. @default "" */
  QRG_S3_PREFIX: z.string().default(""),
  /**
   * `false` for S3-compatible servers that ignore `If-None-Match` puts: write-once is then checked with a
   * HEAD before the record is written. @default true
   */
  QRG_S3_CONDITIONAL_WRITES: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Days artifacts, attestations and records are kept; 0 keeps them forever. @default 90 */
  QRG_RETENTION_DAYS: z.coerce.number().min(0).max(36500).default(90),
  /** Worker processes: `auto` (one per core) or a count; 1 = a single process. @default "auto" */
  QRG_WORKERS: z
    .string()
    .default("auto")
    .refine(
      (value) => {
        try {
          resolveWorkerCount(value, availableParallelism());
          return true;
        } catch {
          return false;
        }
      },
      { message: 'expected "auto" or a positive integer' },
    ),
});

export type StorageEnv = z.output<typeof StorageEnvSchema>;
