import type { Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter as OTLPJsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type IdGenerator,
  ParentBasedSampler,
  RandomIdGenerator,
  type Sampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { SamplerName, TracingConfig } from "./otel-config.ts";

/** The instrumentation scope dashboards and trace queries select on (docs/design.md, "Telemetry contract"). */
export const TRACER_NAME = "lukhas.qrg";
export const TRACER_VERSION = "0.1.0";

/**
 * Random ids, except that a caller may hand over the trace id the next root span must carry: a request
 * without a `traceparent` was promised its trace id before its first span started (see RequestTrace).
 */
export class RequestAwareIdGenerator implements IdGenerator {
  #random = new RandomIdGenerator();
  #nextTraceId: string | undefined;

  /** The next `generateTraceId()` returns `traceId`; the SDK calls it synchronously inside `startSpan`. */
  useTraceIdOnce(traceId: string | undefined): void {
    this.#nextTraceId = traceId;
  }

  generateTraceId(): string {
    const traceId = this.#nextTraceId;
    if (traceId === undefined) return this.#random.generateTraceId();
    this.#nextTraceId = undefined;
    return traceId;
  }

  generateSpanId(): string {
    return this.#random.generateSpanId();
  }
}

function buildSampler(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(ratio);
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

function configuredExporters(config: TracingConfig): SpanExporter[] {
  const exporters: SpanExporter[] = [];
  for (const name of config.exporters) {
    if (name === "console") {
      exporters.push(new ConsoleSpanExporter());
      continue;
    }
    const settings = { url: config.url, headers: config.headers, timeoutMillis: config.timeoutMillis };
    exporters.push(
      config.protocol === "http/json"
        ? new OTLPJsonTraceExporter(settings)
        : new OTLPProtoTraceExporter(settings),
    );
  }
  return exporters;
}

export interface TracingSetup {
  provider: TracerProvider;
  tracer: Tracer;
  ids: RequestAwareIdGenerator;
}

export interface TracingSetupOptions {
  /** Exporters to use instead of (not in addition to) the ones OTEL_TRACES_EXPORTER names. */
  spanExporters?: SpanExporter[];
  /** Export each span as it ends instead of batching: only for tests and debugging. @default false */
  exportImmediately?: boolean;
  serviceVersion?: string;
}

/**
 * An SDK tracer provider for the configuration, or undefined when nothing would be exported (then QRG skips
 * span bookkeeping entirely). Deliberately not registered as the global provider: each Telemetry owns one,
 * and tests create many.
 */
export function createTracing(
  config: TracingConfig,
  options: TracingSetupOptions = {},
): TracingSetup | undefined {
  const exporters = options.spanExporters ?? (config.disabled ? [] : configuredExporters(config));
  if (exporters.length === 0) return undefined;
  const processors: SpanProcessor[] = exporters.map((exporter) =>
    options.exportImmediately || exporter instanceof ConsoleSpanExporter
      ? new SimpleSpanProcessor({ exporter })
      : new BatchSpanProcessor({ exporter, ...config.batch }),
  );
  const ids = new RequestAwareIdGenerator();
  const resource = defaultResource().merge(
    resourceFromAttributes({
      ...config.resourceAttributes,
      [ATTR_SERVICE_NAME]: config.serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
  );
  const provider = new TracerProvider({
    resource,
    sampler: buildSampler(config.sampler, config.samplerRatio),
    spanProcessors: processors,
    idGenerator: ids,
  });
  return { provider, tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION), ids };
}
