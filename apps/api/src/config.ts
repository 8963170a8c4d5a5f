import { resolve } from "node:path";
import { QRGValidationError } from "@qrg/core";
import { SignatureAlgorithmSchema } from "@qrg/schema";
import { z } from "zod";

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "on", "off", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "on", "yes"].includes(v)));

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
   * Reserved for mesh consensus (@qrg/consensus, being built): parsed and validated, but nothing reads it
   * yet, so `consensus_required: true` answers 501 whatever its value. @default false
   */
  QRG_CONSENSUS_ENABLED: flag(false),
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
  /** Shared rate-limit counters for every instance (redis://…); without it they live in the data dir. */
  QRG_REDIS_URL: optionalString.pipe(z.url().optional()),
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
  return { ...parsed.data, dataDir: resolve(parsed.data.QRG_DATA_DIR) };
}
