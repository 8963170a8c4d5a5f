import type { Tracer } from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import type { Logger, Telemetry } from "@qrg/core";
import { Registry } from "prom-client";
import { ensureContextManager } from "./context-manager.ts";
import { createLogger } from "./logger.ts";
import { type Environment, readTracingConfig, type TracingConfig } from "./otel-config.ts";
import { createQrgMetrics, type MetricsOptions, type QrgMetrics } from "./qrg-metrics.ts";
import { createSpanRunner } from "./span-runner.ts";
import { createTracing } from "./tracer-provider.ts";

export interface TelemetryOptions extends MetricsOptions {
  /** Where OTEL_*, QRG_LOG_LEVEL and LOG_LEVEL are read. @default process.env */
  env?: Environment;
  /** The Logger to expose as `telemetry.logger`. @default createLogger({ env }) */
  logger?: Logger;
  /**
   * Span exporters to use instead of the ones OTEL_TRACES_EXPORTER names (tests inject an
   * InMemorySpanExporter or an OTLP exporter aimed at a local receiver). @default from the environment
   */
  spanExporters?: SpanExporter[];
  /** Export each span when it ends instead of in batches (tests, debugging). @default false */
  exportImmediately?: boolean;
  /** `service.version` resource attribute. @default none */
  serviceVersion?: string;
  /** The prom-client registry to register into. @default a new Registry per Telemetry */
  registry?: Registry;
}

/** The Telemetry port plus what the API needs around it: the registry, exposition, tracer and lifecycle. */
export interface QrgTelemetry extends Telemetry, QrgMetrics {
  readonly registry: Registry;
  /** Content-Type of {@link QrgTelemetry.metricsText} (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** The Prometheus exposition for GET /metrics. */
  metricsText(): Promise<string>;
  /** The SDK tracer, undefined when tracing is off (nothing would be exported). */
  readonly tracer: Tracer | undefined;
  readonly tracingEnabled: boolean;
  readonly tracingConfig: TracingConfig;
  /** Exports every ended span now. */
  forceFlush(): Promise<void>;
  /** Flushes and stops span export and clears the registry; the instance records nothing useful after. */
  shutdown(): Promise<void>;
}

/**
 * Traces (OpenTelemetry, configured by OTEL_* variables, off unless OTEL_TRACES_EXPORTER or `spanExporters`
 * asks), Prometheus metrics (prom-client, one registry per instance) and structured logs, behind the core
 * Telemetry port.
 */
export function createTelemetry(options: TelemetryOptions = {}): QrgTelemetry {
  const env = options.env ?? process.env;
  ensureContextManager();
  const tracingConfig = readTracingConfig(env);
  const tracing = createTracing(tracingConfig, {
    spanExporters: options.spanExporters,
    exportImmediately: options.exportImmediately,
    serviceVersion: options.serviceVersion,
  });
  const registry = options.registry ?? new Registry();
  const metrics = createQrgMetrics(registry, options);
  const logger = options.logger ?? createLogger({ env });
  let stopped: Promise<void> | undefined;

  return {
    ...metrics,
    logger,
    span: createSpanRunner(tracing),
    registry,
    contentType: registry.contentType,
    metricsText: () => registry.metrics(),
    tracer: tracing?.tracer,
    tracingEnabled: tracing !== undefined,
    tracingConfig,
    forceFlush: async () => {
      await tracing?.provider.forceFlush();
    },
    shutdown() {
      stopped ??= (async () => {
        await tracing?.provider.shutdown();
        registry.clear();
      })();
      return stopped;
    },
  };
}
