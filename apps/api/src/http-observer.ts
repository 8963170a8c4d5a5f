import type { Context, MiddlewareHandler } from "hono";

/**
 * What the API needs from telemetry at the HTTP layer; built from @qrg/telemetry in server wiring, and a
 * no-op in tests that don't observe.
 */
export interface HttpObserver {
  /** Runs each request inside the caller's trace context and records HTTP metrics. */
  middleware: MiddlewareHandler;
  /** GET /metrics. */
  metrics: (c: Context) => Response | Promise<Response>;
  /** The active trace id, for problem+json bodies. */
  traceId: () => string | undefined;
  logError: (error: unknown) => void;
  /** A request whose client hung up: not a server fault, logged at debug. */
  logAbort: (error: unknown) => void;
}

export const noopHttpObserver: HttpObserver = {
  middleware: async (_c, next) => {
    await next();
  },
  metrics: (c) => c.text("# metrics are not enabled on this instance\n", 404),
  traceId: () => undefined,
  logError: () => {},
  logAbort: () => {},
};
