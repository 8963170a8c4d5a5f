import { join } from "node:path";
import { MemoryRateStore } from "../rate-limits/memory-rate-store.ts";
import { loadRateLimitPolicy } from "../rate-limits/rate-limit-policy.ts";
import { RateLimiter } from "../rate-limits/rate-limiter.ts";
import { RedisRateStore } from "../rate-limits/redis-rate-store.ts";

export interface RateLimiterConfig {
  dataDir: string;
  QRG_QUOTAS: "on" | "off";
  QRG_REDIS_URL?: string | undefined;
  QRG_RATE_LIMIT_FILE?: string | undefined;
}

/** The rate limiter the configuration asks for; undefined when QRG_QUOTAS=off turns every limit off. */
export async function composeRateLimiter(config: RateLimiterConfig): Promise<RateLimiter | undefined> {
  if (config.QRG_QUOTAS === "off") return undefined;
  const policy = await loadRateLimitPolicy(config.QRG_RATE_LIMIT_FILE);
  const store = config.QRG_REDIS_URL
    ? await new RedisRateStore({ url: config.QRG_REDIS_URL }).connect()
    : await MemoryRateStore.open({ file: join(config.dataDir, "limits", "rate-windows.json") });
  return new RateLimiter(policy, store);
}
