export { ensureContextManager } from "./context-manager.ts";
export {
  BoundedLabelValues,
  httpMethodLabel,
  httpStatusLabel,
  OTHER_LABEL_VALUE,
  tierLabel,
} from "./label-values.ts";
export {
  createLogger,
  LOG_LEVELS,
  type LoggerOptions,
  type LogLevel,
  logLevelFromEnv,
  type QrgLogger,
} from "./logger.ts";
export {
  CONSCIOUSNESS_DISABLED_REASONS,
  CONSENSUS_JOB_STATUSES,
  type ConsensusJobStatus,
  GATE_FAILURE_KINDS,
  GATE_TYPES,
  type GateFailureKind,
  METRICS,
  SIGNATURE_STATUSES,
} from "./metric-definitions.ts";
export {
  type Environment,
  type OtlpProtocol,
  readTracingConfig,
  type SamplerName,
  type TracesExporterName,
  type TracingConfig,
} from "./otel-config.ts";
export {
  createQrgMetrics,
  type GenerationEvent,
  type HttpRequestEvent,
  type MetricsOptions,
  type QrgMetrics,
} from "./qrg-metrics.ts";
export { RecentIdsGauge } from "./recent-ids-gauge.ts";
export { isSecretKey, PINO_REDACT_PATHS, REDACTED, redactSecrets } from "./redaction.ts";
export { SEED_ATTRIBUTE, SEED_ATTRIBUTE_MAX_CHARS, safeAttributes } from "./span-attributes.ts";
export { createSpanRunner, type SpanRunner } from "./span-runner.ts";
export { createTelemetry, type QrgTelemetry, type TelemetryOptions } from "./telemetry.ts";
export {
  currentSpanId,
  currentTraceId,
  currentTraceparent,
  extractContext,
  type HeaderSource,
  injectTraceContext,
  type RequestTrace,
  requestTraceOf,
  runInContext,
  withIncomingContext,
} from "./trace-context.ts";
export {
  createTracing,
  RequestAwareIdGenerator,
  TRACER_NAME,
  TRACER_VERSION,
  type TracingSetup,
} from "./tracer-provider.ts";
