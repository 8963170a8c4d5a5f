import { currentTraceId, currentTraceparent, type QrgTelemetry, withIncomingContext } from "@qrg/telemetry";
import { routePath } from "hono/route";
import type { HttpObserver } from "./http-observer.ts";

/**
 * The HTTP layer's telemetry: every request runs inside the caller's W3C trace context (or a new one),
 * answers with a `traceparent` header, and is counted by method, route template and status.
 */
export function createHttpObserver(telemetry: QrgTelemetry): HttpObserver {
  return {
    middleware: (c, next) =>
      withIncomingContext(c.req.raw.headers, async () => {
        const t0 = performance.now();
        try {
          await next();
        } finally {
          const traceparent = currentTraceparent();
          if (traceparent) c.header("traceparent", traceparent);
          const route =
            c.res.status === 404 && !c.req.routePath.startsWith("/api") ? "unmatched" : routePath(c, -1);
          telemetry.httpRequest({
            method: c.req.method,
            route,
            // A client that hung up is counted apart (499, as proxies log it), not as a server error.
            status: c.req.raw.signal.aborted ? 499 : c.res.status,
            duration_seconds: (performance.now() - t0) / 1000,
          });
        }
      }),
    metrics: async (c) =>
      c.body(await telemetry.metricsText(), 200, { "content-type": telemetry.contentType }),
    traceId: currentTraceId,
    logAbort: (error) =>
      telemetry.logger.debug(
        { event: "client_aborted", err: error instanceof Error ? error.message : String(error) },
        "client closed the connection before the answer",
      ),
    logError: (error) =>
      telemetry.logger.error(
        {
          event: "unhandled_error",
          err: error instanceof Error ? error.stack : String(error),
          // The chain of causes (an ENOSPC under a storage error, a socket error under a fetch failure).
          ...(causes(error).length ? { causes: causes(error) } : {}),
        },
        "request failed",
      ),
  };
}

function causes(error: unknown): string[] {
  const chain: string[] = [];
  for (
    let e = (error as { cause?: unknown })?.cause;
    e && chain.length < 8;
    e = (e as { cause?: unknown }).cause
  ) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : String(e);
    chain.push(typeof code === "string" && !message.startsWith(code) ? `${code}: ${message}` : message);
  }
  return chain;
}
