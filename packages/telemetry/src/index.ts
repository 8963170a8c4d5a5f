// @qrg/telemetry: the Telemetry port of @qrg/core over OpenTelemetry, prom-client and pino, plus the trace
// context helpers an HTTP server needs around it.
export { createLogger, type LoggerOptions, type LogLevel, type QrgLogger } from "./logger.ts";
export type { Environment, TracingConfig } from "./otel-config.ts";
export type { GenerationEvent, HttpRequestEvent, MetricsOptions, QrgMetrics } from "./qrg-metrics.ts";
export { createTelemetry, type QrgTelemetry, type TelemetryOptions } from "./telemetry.ts";
export {
  currentTraceId,
  currentTraceparent,
  extractContext,
  type HeaderSource,
  injectTraceContext,
  runInContext,
  withIncomingContext,
} from "./trace-context.ts";
