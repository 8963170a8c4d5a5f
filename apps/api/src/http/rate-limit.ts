import type { Principal } from "@qrg/core";
import type { Context, MiddlewareHandler } from "hono";
import type { RouteClass } from "../rate-limits/rate-limit-policy.ts";
import { type RateLimiter, rateLimitHeaders } from "../rate-limits/rate-limiter.ts";
import { clientAddress } from "./client-address.ts";

/**
 * Counts one request of `routeClass` for the authenticated caller and puts the RateLimit headers on the
 * response; over the limit it throws the 429. A no-op without a limiter (QRG_QUOTAS=off).
 */
export async function countRequest(
  c: Context,
  limiter: RateLimiter | undefined,
  principal: Principal,
  routeClass: RouteClass,
): Promise<void> {
  if (!limiter) return;
  const decision = await limiter.take({ kind: "user", sub: principal.sub, tier: principal.tier }, routeClass);
  for (const [name, value] of Object.entries(rateLimitHeaders(decision, limiter.windowMs / 1000))) {
    c.header(name, value);
  }
}

/** Per client IP, for routes that take no token (OpenAPI, health, keys, SBOMs, verification views). */
export function perAddressLimit(limiter: RateLimiter | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (limiter) {
      const decision = await limiter.take({ kind: "ip", ip: clientAddress(c) }, "read");
      for (const [name, value] of Object.entries(rateLimitHeaders(decision, limiter.windowMs / 1000))) {
        c.header(name, value);
      }
    }
    await next();
  };
}
