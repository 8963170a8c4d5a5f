import { type Context, context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Attributes, AttributeValue, SpanHandle } from "@qrg/core";
import { safeAttributes, safeAttributeValue } from "./span-attributes.ts";
import { currentTraceId, requestTraceOf } from "./trace-context.ts";
import type { TracingSetup } from "./tracer-provider.ts";

export type SpanRunner = <T>(
  name: string,
  attributes: Attributes,
  fn: (span: SpanHandle) => Promise<T>,
) => Promise<T>;

/** With tracing off, a span is just a call: the handle records nothing but still knows the request's trace id. */
const untracedHandle: SpanHandle = {
  setAttribute() {},
  setAttributes() {},
  traceId: currentTraceId,
};

function untraced<T>(
  _name: string,
  _attributes: Attributes,
  fn: (span: SpanHandle) => Promise<T>,
): Promise<T> {
  try {
    return fn(untracedHandle);
  } catch (error) {
    // A synchronous throw still becomes a rejection, as the port promises a Promise.
    return Promise.reject(error);
  }
}

function handleFor(span: Span): SpanHandle {
  return {
    setAttribute(key: string, value: AttributeValue) {
      span.setAttribute(key, safeAttributeValue(key, value));
    },
    setAttributes(attributes: Attributes) {
      span.setAttributes(safeAttributes(attributes));
    },
    traceId: () => span.spanContext().traceId,
  };
}

function errorType(error: unknown): string {
  if (error && typeof error === "object") {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string") return name;
  }
  return "_OTHER";
}

function recordFailure(span: Span, error: unknown): void {
  // Without `code` the SDK names exception.type after the class (QRGSafetyRejection); error.type keeps the code.
  if (error instanceof Error)
    span.recordException({ name: error.name, message: error.message, stack: error.stack });
  else span.recordException({ name: "NonError", message: String(error) });
  span.setAttribute("error.type", errorType(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

function startSpan(tracing: TracingSetup, name: string, attributes: Attributes, parent: Context): Span {
  const parentSpan = trace.getSpan(parent);
  const parentContext = parentSpan?.spanContext();
  const directlyUnderRequest = !parentContext || parentContext.isRemote === true;
  const requestTrace = directlyUnderRequest ? requestTraceOf(parent) : undefined;
  // A request without a traceparent already told its client a trace id: its first span must carry it.
  if (requestTrace && !requestTrace.remote && !parentContext)
    tracing.ids.useTraceIdOnce(requestTrace.traceId);
  let span: Span;
  try {
    span = tracing.tracer.startSpan(name, { attributes: safeAttributes(attributes) }, parent);
  } finally {
    tracing.ids.useTraceIdOnce(undefined);
  }
  if (requestTrace && !requestTrace.entry) requestTrace.entry = span.spanContext();
  return span;
}

/**
 * The `Telemetry.span` implementation: a child of the active span (or of the caller's traceparent), made
 * active for `fn`, ended when `fn` settles; a throw records an exception event and error status, then
 * propagates. Without a tracer provider it costs one function call.
 */
export function createSpanRunner(tracing: TracingSetup | undefined): SpanRunner {
  if (!tracing) return untraced;
  return async function traced<T>(
    name: string,
    attributes: Attributes,
    fn: (span: SpanHandle) => Promise<T>,
  ): Promise<T> {
    const parent = context.active();
    const span = startSpan(tracing, name, attributes, parent);
    try {
      return await context.with(trace.setSpan(parent, span), fn, undefined, handleFor(span));
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  };
}
