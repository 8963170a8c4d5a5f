import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/**
 * CORS for browser clients on the listed origins only (none by default). Tokens travel in the
 * Authorization header, never in cookies, so credentials are not allowed: a page on an allowed origin
 * must hold the token itself. Preflights are answered (204) for any origin; only allowed origins get the
 * Access-Control-Allow-* headers that let the browser proceed.
 */
export function corsFor(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["authorization", "content-type", "traceparent"],
    exposeHeaders: [
      "retry-after",
      "ratelimit-limit",
      "ratelimit-remaining",
      "ratelimit-reset",
      "ratelimit-policy",
      "digest",
      "traceparent",
    ],
    credentials: false,
    maxAge: 600,
  });
}
