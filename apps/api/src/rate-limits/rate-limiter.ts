import { QRGQuotaExceededError } from "@qrg/core";
import { limitFor, type RateLimitPolicy, type RouteClass } from "./rate-limit-policy.ts";
import type { RateStore } from "./rate-store.ts";
import type { RateDecision } from "./sliding-window.ts";

/** Who is being counted: a token's subject and tier, or an anonymous client address. */
export type RateSubject = { kind: "user"; sub: string; tier: number } | { kind: "ip"; ip: string };

/** A refusal carrying the decision, so the 429 can carry the RateLimit headers too. */
export class RateLimitedError extends QRGQuotaExceededError {
  readonly decision: RateDecision;
  readonly routeClass: RouteClass | "anonymous";
  readonly windowSeconds: number;
  constructor(routeClass: RouteClass | "anonymous", decision: RateDecision, windowSeconds: number) {
    super(
      `rate limit exceeded: ${decision.limit} ${routeClass} requests per ${windowSeconds} s; retry after ${Math.ceil(decision.retryAfterMs / 1000)} s`,
      Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
    );
    this.decision = decision;
    this.routeClass = routeClass;
    this.windowSeconds = windowSeconds;
  }
}

/** Applies the per-tier policy over a store; disabled entirely by QRG_QUOTAS=off. */
export class RateLimiter {
  readonly #policy: RateLimitPolicy;
  readonly #store: RateStore;
  readonly windowMs: number;

  constructor(policy: RateLimitPolicy, store: RateStore) {
    this.#policy = policy;
    this.#store = store;
    this.windowMs = policy.window_seconds * 1000;
  }

  /** Counts one request; throws RateLimitedError (429) when over the limit, else returns the decision. */
  async take(subject: RateSubject, routeClass: RouteClass): Promise<RateDecision> {
    const [key, limit, counted] =
      subject.kind === "user"
        ? [`u:${subject.sub}:${routeClass}`, limitFor(this.#policy, subject.tier, routeClass), routeClass]
        : [`ip:${subject.ip}`, this.#policy.anonymous_per_ip, "anonymous" as const];
    const decision = await this.#store.take(key, limit, this.windowMs);
    if (!decision.allowed) throw new RateLimitedError(counted, decision, this.#policy.window_seconds);
    return decision;
  }

  close(): Promise<void> {
    return this.#store.close();
  }
}

/**
 * The RateLimit response fields of draft-ietf-httpapi-ratelimit-headers in their widely deployed form
 * (`RateLimit-Limit`, `-Remaining`, `-Reset` in seconds, and `RateLimit-Policy` naming the window).
 */
export function rateLimitHeaders(decision: RateDecision, windowSeconds: number): Record<string, string> {
  return {
    "ratelimit-limit": String(decision.limit),
    "ratelimit-remaining": String(decision.remaining),
    "ratelimit-reset": String(
      Math.max(1, Math.ceil((decision.allowed ? decision.resetMs : decision.retryAfterMs) / 1000)),
    ),
    "ratelimit-policy": `${decision.limit};w=${windowSeconds}`,
  };
}
