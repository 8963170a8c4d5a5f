import { resolve } from "node:path";
import { QRGValidationError } from "@qrg/core";
import { SignatureAlgorithmSchema } from "@qrg/schema";
import { z } from "zod";
import { StorageEnvSchema } from "./storage/storage-env.ts";

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "on", "off", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "on", "yes"].includes(v)));

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

/**
 * Every environment variable the API reads, with its default. Unknown values fail at start-up with the
 * variable named, rather than being half-understood.
 */
const EnvSchema = z.object({
  /** @default 8787 */
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** @default "127.0.0.1" */
  HOST: z.string().default("127.0.0.1"),
  /** Where artifacts, keys and the dev issuer live. @default "./.qrg-data" */
  QRG_DATA_DIR: z.string().default("./.qrg-data"),
  /** Base of every URL the API hands out. @default the listening address */
  QRG_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  /** Every QRG route answers 404 when false. @default true */
  QRG_ENABLED: flag(true),
  /** @default true */
  QRG_CONSCIOUSNESS_ENABLED: flag(true),
  /**
   * Coordinate `consensus_required: true` requests over the mesh of `qrg-api node` processes (needs
   * QRG_REDIS_URL). When false such requests answer 501. @default false
   */
  QRG_CONSENSUS_ENABLED: flag(false),
  /**
   * Redis (`redis://[user:password@]host:port[/db]`): the mesh's jobs and node registry, and the quota and
   * rate-limit counters every worker and instance shares. Unset: quotas are counted in this instance and
   * rate-limit counters persist in the data dir.
   */
  QRG_REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/\S+$/, "expected redis://host:port or rediss://…")
      .optional(),
  ),
  /** The mesh node ids the API hands each consensus job to (comma-separated). @default "n1,n2,n3" */
  QRG_MESH_NODES: z
    .string()
    .default("n1,n2,n3")
    .transform((v) =>
      v
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id !== ""),
    )
    .pipe(z.array(z.string().regex(NODE_ID, "node ids are 1-64 of A-Z a-z 0-9 _ -")).min(1)),
  /** Agreeing nodes a consensus job needs. @default ⌈2N/3⌉ of the N QRG_MESH_NODES */
  QRG_MESH_QUORUM: z.coerce.number().int().min(1).optional(),
  /** This process's node id, for `qrg-api node`. */
  QRG_NODE_ID: optionalString.pipe(z.string().regex(NODE_ID, "1-64 of A-Z a-z 0-9 _ -").optional()),
  /** `production`, or `mock` for the explicit sandbox mode. @default "production" */
  QRG_ADAPTER: z.enum(["production", "mock"]).default("production"),
  QRG_JWKS_URL: optionalString.pipe(z.url().optional()),
  QRG_JWKS_FILE: optionalString,
  /** Expected `iss` of tokens. @default "qrg-dev-issuer" with the dev issuer, required otherwise */
  QRG_JWT_ISSUER: optionalString,
  /** Expected `aud` of tokens. @default "qrg-api" */
  QRG_JWT_AUDIENCE: z.string().default("qrg-api"),
  QRG_POLICY_FILE: optionalString,
  /** `off` disables every quota and rate limit (benchmarks, load tests). @default "on" */
  QRG_QUOTAS: z.enum(["on", "off"]).default("on"),
  /** Per-tier rate-limit policy file. @default the API's rate-limit-policy.v1.json (T4: 10 generations/min) */
  QRG_RATE_LIMIT_FILE: optionalString,
  /** Comma-separated origins allowed by CORS, e.g. `https://app.example`. @default none */
  QRG_CORS_ORIGINS: optionalString.transform((v) =>
    v
      ? v
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean)
      : [],
  ),
  /** Bearer token that unlocks GET /metrics on the API port; without it /metrics is only on QRG_METRICS_PORT. */
  QRG_METRICS_TOKEN: optionalString.pipe(z.string().min(16).optional()),
  /** @default "qrg-service-local" */
  QRG_BUILDER_ID: z.string().min(1).default("qrg-service-local"),
  /** Default signature algorithm when a request names none. @default "ed25519" */
  QRG_SIGNATURE_ALGORITHM: SignatureAlgorithmSchema.default("ed25519"),
  /** Key reference: file://DIR (default: <data dir>/keys), pkcs11:…, awskms://… */
  QRG_KEY_REF: optionalString,
  /** File holding the passphrase that encrypts private keys at rest. @default generated in the data dir */
  QRG_KEY_PASSPHRASE_FILE: optionalString,
  /** `local` lets the service fall back to a local file key when the HSM/KMS is unavailable. */
  QRG_KEY_FALLBACK: z.enum(["none", "local"]).default("none"),
  /** Encrypt stored artifacts and records (ML-KEM-1024 + X25519 wrapped AES-256-GCM). @default false */
  QRG_ENCRYPTION_AT_REST: flag(false),
  /** Per-gate budget. @default 500 */
  QRG_GATE_BUDGET_MS: z.coerce.number().int().min(1).max(30000).default(500),
  /** Port of the /metrics listener (on HOST), kept off the public API port; 0 = no metrics listener. @default 9464 */
  QRG_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Path of the service SBOM (generated on first start when missing). @default "<data dir>/sboms/service.cdx.json" */
  QRG_SBOM_FILE: optionalString,
  /** Storage, retention and scale-out: QRG_STORAGE, QRG_S3_*, QRG_RETENTION_DAYS, QRG_WORKERS. */
  ...StorageEnvSchema.shape,
});

export type ApiConfig = z.output<typeof EnvSchema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw QRGValidationError.fromZod(parsed.error, "invalid configuration");
  if (parsed.data.QRG_JWKS_URL && parsed.data.QRG_JWKS_FILE) {
    throw new QRGValidationError("set QRG_JWKS_URL or QRG_JWKS_FILE, not both", [
      { path: "QRG_JWKS_FILE", message: "conflicts with QRG_JWKS_URL" },
    ]);
  }
  const { QRG_CONSENSUS_ENABLED, QRG_REDIS_URL, QRG_MESH_NODES, QRG_MESH_QUORUM } = parsed.data;
  if (QRG_CONSENSUS_ENABLED && !QRG_REDIS_URL) {
    throw new QRGValidationError(
      "QRG_CONSENSUS_ENABLED=true needs QRG_REDIS_URL: the Redis the mesh nodes (qrg-api node) consume from",
      [{ path: "QRG_REDIS_URL", message: "required when QRG_CONSENSUS_ENABLED=true" }],
    );
  }
  if (new Set(QRG_MESH_NODES).size !== QRG_MESH_NODES.length) {
    throw new QRGValidationError("QRG_MESH_NODES names a node twice", [
      { path: "QRG_MESH_NODES", message: "node ids must be distinct" },
    ]);
  }
  if (QRG_MESH_QUORUM !== undefined && QRG_MESH_QUORUM > QRG_MESH_NODES.length) {
    throw new QRGValidationError(
      `QRG_MESH_QUORUM ${QRG_MESH_QUORUM} exceeds the ${QRG_MESH_NODES.length} mesh nodes`,
      [{ path: "QRG_MESH_QUORUM", message: `at most ${QRG_MESH_NODES.length}` }],
    );
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.QRG_DATA_DIR) };
}
