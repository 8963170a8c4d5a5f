import { readFile } from "node:fs/promises";
import { QRGError } from "@qrg/core";
import { z } from "zod";

/** The classes of route that are counted apart: a burst of reads never eats a user's generations. */
export const ROUTE_CLASSES = ["generate", "validate", "read"] as const;
export type RouteClass = (typeof ROUTE_CLASSES)[number];

const Limit = z.number().int().min(0).max(1_000_000);
const TierLimits = z.strictObject({ generate: Limit, validate: Limit, read: Limit });

export const RateLimitPolicySchema = z.strictObject({
  version: z.literal(1),
  description: z.string().optional(),
  /** Length of the sliding window. */
  window_seconds: z.number().int().min(1).max(86_400),
  /** Tiers 1-5; a tier without an entry gets the limits of the highest lower tier that has one. */
  limits_by_tier: z
    .partialRecord(z.enum(["1", "2", "3", "4", "5"]), TierLimits)
    .refine((t) => t["1"] !== undefined, {
      message: "tier 1 must be present (lower tiers fall back to it)",
    }),
  /** Requests per window per client IP on the routes that take no token. */
  anonymous_per_ip: Limit,
});

export type RateLimitPolicy = z.output<typeof RateLimitPolicySchema>;

/** The policy shipped with the API: T4 gets 10 generations per minute. */
export const DEFAULT_RATE_LIMIT_POLICY_FILE = new URL("./rate-limit-policy.v1.json", import.meta.url);

/** Reads and validates a policy file; a bad file stops the start with the offending field named. */
export async function loadRateLimitPolicy(
  file: string | URL = DEFAULT_RATE_LIMIT_POLICY_FILE,
): Promise<RateLimitPolicy> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new QRGError(
      "config_error",
      `cannot read the rate-limit policy ${String(file)}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const parsed = RateLimitPolicySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(policy)"}: ${i.message}`);
    throw new QRGError("config_error", `invalid rate-limit policy ${String(file)}: ${issues.join("; ")}`);
  }
  return parsed.data;
}

/** The limit of `routeClass` for a user of `tier`. */
export function limitFor(policy: RateLimitPolicy, tier: number, routeClass: RouteClass): number {
  for (let t = Math.min(5, Math.max(1, Math.floor(tier))); t >= 1; t--) {
    const limits = policy.limits_by_tier[String(t) as "1"];
    if (limits) return limits[routeClass];
  }
  return 0;
}
