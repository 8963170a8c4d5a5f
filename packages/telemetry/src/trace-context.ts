import { randomFillSync } from "node:crypto";
import {
  type Context,
  context,
  createContextKey,
  ROOT_CONTEXT,
  type SpanContext,
  type TextMapGetter,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { ensureContextManager } from "./context-manager.ts";

/** Anything request headers come as: fetch `Headers`, a `get`-able, or Node's lower-cased header record. */
export type HeaderSource =
  | { get(name: string): string | null | undefined }
  | Record<string, string | string[] | undefined>
  | ((name: string) => string | undefined);

/**
 * What one incoming request knows about its trace. `remote` is the caller's span context (from its
 * `traceparent`); without one, `traceId`/`spanId` are minted here so the response and every problem+json
 * still carry a trace id, and the request's first span becomes the root of a trace with that very id.
 */
export interface RequestTrace {
  readonly traceId: string;
  readonly spanId: string;
  readonly remote: SpanContext | undefined;
  /** The first span started directly under the request (e.g. `qrg.generate`), once there is one. */
  entry: SpanContext | undefined;
}

const REQUEST_TRACE = createContextKey("qrg.request_trace");
const propagator = new W3CTraceContextPropagator();

// Ids come from a pooled random buffer: one getrandom call per 170 requests instead of one per request.
const ID_BYTES = 24;
const pool = Buffer.alloc(ID_BYTES * 170);
let poolOffset = pool.length;

/** 48 hex digits: a 16-byte trace id then an 8-byte span id. */
function mintIds(): string {
  if (poolOffset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const ids = pool.toString("hex", poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return ids;
}

type HeaderLookup = (name: string) => string | undefined;

const lookupGetter: TextMapGetter<HeaderLookup> = {
  keys: () => ["traceparent", "tracestate"],
  get: (lookup, key) => lookup(key),
};

function toLookup(headers: HeaderSource): HeaderLookup {
  if (typeof headers === "function") return headers;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === "function") {
    const source = headers as { get(name: string): string | null | undefined };
    return (name) => source.get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  return (name) => {
    const value = record[name] ?? record[name.toLowerCase()];
    return Array.isArray(value) ? value.join(",") : value;
  };
}

/**
 * Builds the context for one incoming request from its W3C `traceparent`/`tracestate` headers. An absent or
 * malformed `traceparent` starts a new trace (its id is minted now, see {@link RequestTrace}).
 */
export function extractContext(headers: HeaderSource, parent: Context = ROOT_CONTEXT): Context {
  const extracted = propagator.extract(parent, toLookup(headers), lookupGetter);
  const candidate = trace.getSpanContext(extracted);
  const remote = candidate && trace.isSpanContextValid(candidate) ? candidate : undefined;
  const ids = remote ? undefined : mintIds();
  const requestTrace: RequestTrace = {
    traceId: remote?.traceId ?? ids!.slice(0, 32),
    spanId: remote?.spanId ?? ids!.slice(32),
    remote,
    entry: undefined,
  };
  return (remote ? extracted : parent).setValue(REQUEST_TRACE, requestTrace);
}

/** Runs `fn` with `ctx` as the active context (across its awaits). */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  ensureContextManager();
  return context.with(ctx, fn);
}

/** Runs `fn` inside the trace context the request's headers carry (or a new one): see {@link extractContext}. */
export function withIncomingContext<T>(headers: HeaderSource, fn: () => T): T {
  ensureContextManager();
  return context.with(extractContext(headers, context.active()), fn);
}

/** The request trace of `ctx`, if it was entered through {@link withIncomingContext}/{@link extractContext}. */
export function requestTraceOf(ctx: Context): RequestTrace | undefined {
  return ctx.getValue(REQUEST_TRACE) as RequestTrace | undefined;
}

function localSpanContext(ctx: Context): SpanContext | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && !spanContext.isRemote && trace.isSpanContextValid(spanContext)
    ? spanContext
    : undefined;
}

/**
 * The span context that best names "this request" right now: the active local span, else the request's
 * entry span, else the caller's span, else the ids minted for the request.
 */
function currentSpanContext(): SpanContext | undefined {
  const ctx = context.active();
  const local = localSpanContext(ctx);
  if (local) return local;
  const requestTrace = requestTraceOf(ctx);
  if (requestTrace) {
    return (
      requestTrace.entry ??
      requestTrace.remote ?? { traceId: requestTrace.traceId, spanId: requestTrace.spanId, traceFlags: 0 }
    );
  }
  const other = trace.getSpanContext(ctx);
  return other && trace.isSpanContextValid(other) ? other : undefined;
}

/** The W3C trace id (32 hex) of the active request or span, for problem+json and logs. */
export function currentTraceId(): string | undefined {
  return currentSpanContext()?.traceId;
}

/** The active span id (16 hex), when there is one. */
export function currentSpanId(): string | undefined {
  return currentSpanContext()?.spanId;
}

/**
 * A W3C `traceparent` value for the response: after the handler it names the request's entry span
 * (`qrg.generate`), so a client can look that span up; undefined outside any request or span.
 */
export function currentTraceparent(): string | undefined {
  const spanContext = currentSpanContext();
  if (!spanContext) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, "0");
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** Writes `traceparent` (and `tracestate` when there is one) for an outgoing call into `carrier`. */
export function injectTraceContext(carrier: Record<string, string>): void {
  const traceparent = currentTraceparent();
  if (!traceparent) return;
  carrier.traceparent = traceparent;
  const traceState = currentSpanContext()?.traceState;
  if (traceState) carrier.tracestate = traceState.serialize();
}
