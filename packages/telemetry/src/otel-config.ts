import { parseKeyPairsIntoRecord } from "@opentelemetry/core";
import { QRGError, QRGValidationError } from "@qrg/core";
import { z } from "zod";

export type Environment = Record<string, string | undefined>;

export type TracesExporterName = "otlp" | "console";
export type OtlpProtocol = "http/json" | "http/protobuf";
export type SamplerName =
  | "always_on"
  | "always_off"
  | "traceidratio"
  | "parentbased_always_on"
  | "parentbased_always_off"
  | "parentbased_traceidratio";

/** Tracing configuration, as read from the standard OTEL_* environment variables. */
export interface TracingConfig {
  /** OTEL_SDK_DISABLED=true turns every exporter off. */
  disabled: boolean;
  /** OTEL_SERVICE_NAME. @default "qrg-api" */
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES, `k=v,k2=v2`. */
  resourceAttributes: Record<string, string>;
  /**
   * OTEL_TRACES_EXPORTER (comma list of otlp, console, none). Unlike the OpenTelemetry SDK's default of
   * `otlp`, QRG exports nothing unless asked: an unset variable means `none`. @default []
   */
  exporters: TracesExporterName[];
  /** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL. @default "http/protobuf" */
  protocol: OtlpProtocol;
  /**
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is) or OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`.
   * @default "http://localhost:4318/v1/traces"
   */
  url: string;
  /** OTEL_EXPORTER_OTLP_TRACES_HEADERS or OTEL_EXPORTER_OTLP_HEADERS, `k=v,k2=v2`. */
  headers: Record<string, string>;
  /** OTEL_EXPORTER_OTLP_TRACES_TIMEOUT or OTEL_EXPORTER_OTLP_TIMEOUT, milliseconds. @default 10000 */
  timeoutMillis: number;
  /** OTEL_TRACES_SAMPLER. @default "parentbased_always_on" */
  sampler: SamplerName;
  /** OTEL_TRACES_SAMPLER_ARG, the ratio of the *traceidratio samplers. @default 1 */
  samplerRatio: number;
  /** OTEL_BSP_* batch span processor settings; undefined keeps the SDK's defaults. */
  batch: {
    maxQueueSize?: number;
    maxExportBatchSize?: number;
    scheduledDelayMillis?: number;
    exportTimeoutMillis?: number;
  };
}

const DEFAULT_OTLP_BASE = "http://localhost:4318";

// Empty strings count as unset, as the OpenTelemetry specification asks.
const optionalText = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim()));

const optionalNumber = optionalText.transform((s) => (s === undefined ? undefined : Number(s)));
const optionalCount = optionalNumber.pipe(z.number().int().nonnegative().optional());

const EnvSchema = z.object({
  OTEL_SDK_DISABLED: optionalText.pipe(z.enum(["true", "false"]).optional()),
  OTEL_SERVICE_NAME: optionalText,
  OTEL_RESOURCE_ATTRIBUTES: optionalText,
  OTEL_TRACES_EXPORTER: optionalText.pipe(
    z
      .string()
      .optional()
      .transform((s) => (s ?? "none").split(",").map((name) => name.trim().toLowerCase()))
      .pipe(z.array(z.enum(["otlp", "console", "none"]))),
  ),
  OTEL_EXPORTER_OTLP_PROTOCOL: optionalText.pipe(z.enum(["http/json", "http/protobuf", "grpc"]).optional()),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: optionalText.pipe(
    z.enum(["http/json", "http/protobuf", "grpc"]).optional(),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url().optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText.pipe(z.url().optional()),
  OTEL_EXPORTER_OTLP_HEADERS: optionalText,
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: optionalText,
  OTEL_EXPORTER_OTLP_TIMEOUT: optionalCount,
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: optionalCount,
  OTEL_TRACES_SAMPLER: optionalText.pipe(
    z
      .enum([
        "always_on",
        "always_off",
        "traceidratio",
        "parentbased_always_on",
        "parentbased_always_off",
        "parentbased_traceidratio",
      ])
      .optional(),
  ),
  OTEL_TRACES_SAMPLER_ARG: optionalNumber.pipe(z.number().min(0).max(1).optional()),
  OTEL_BSP_MAX_QUEUE_SIZE: optionalCount,
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: optionalCount,
  OTEL_BSP_SCHEDULE_DELAY: optionalCount,
  OTEL_BSP_EXPORT_TIMEOUT: optionalCount,
});

function tracesUrl(env: z.output<typeof EnvSchema>): string {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT ?? DEFAULT_OTLP_BASE;
  return `${base.replace(/\/+$/, "")}/v1/traces`;
}

/**
 * Reads the standard OTEL_* variables that concern traces. Invalid values fail fast with a `config_error`
 * naming the variable, rather than silently falling back as the SDK does: a mistyped endpoint should not
 * mean an operator quietly loses every trace.
 */
export function readTracingConfig(env: Environment = process.env): TracingConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const invalid = QRGValidationError.fromZod(parsed.error, "invalid OpenTelemetry environment");
    throw new QRGError("config_error", invalid.message, { cause: invalid });
  }
  const e = parsed.data;
  const protocol = e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf";
  const exporters = e.OTEL_TRACES_EXPORTER.includes("none")
    ? []
    : [...new Set(e.OTEL_TRACES_EXPORTER.filter((name): name is TracesExporterName => name !== "none"))];
  if (protocol === "grpc" && exporters.includes("otlp")) {
    throw new QRGError(
      "config_error",
      "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported by QRG; use http/protobuf or http/json",
    );
  }
  return {
    disabled: e.OTEL_SDK_DISABLED === "true",
    serviceName: e.OTEL_SERVICE_NAME ?? "qrg-api",
    resourceAttributes: e.OTEL_RESOURCE_ATTRIBUTES ? parseKeyPairsIntoRecord(e.OTEL_RESOURCE_ATTRIBUTES) : {},
    exporters,
    protocol: protocol === "grpc" ? "http/protobuf" : protocol,
    url: tracesUrl(e),
    headers: parseKeyPairsIntoRecord(e.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? e.OTEL_EXPORTER_OTLP_HEADERS),
    timeoutMillis: e.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? e.OTEL_EXPORTER_OTLP_TIMEOUT ?? 10_000,
    sampler: e.OTEL_TRACES_SAMPLER ?? "parentbased_always_on",
    samplerRatio: e.OTEL_TRACES_SAMPLER_ARG ?? 1,
    batch: {
      maxQueueSize: e.OTEL_BSP_MAX_QUEUE_SIZE,
      maxExportBatchSize: e.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
      scheduledDelayMillis: e.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMillis: e.OTEL_BSP_EXPORT_TIMEOUT,
    },
  };
}
