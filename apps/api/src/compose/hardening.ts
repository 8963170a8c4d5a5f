import type { Logger } from "@qrg/core";
import type { KeyRing } from "@qrg/provenance";
import type { AuditLog } from "@qrg/storage";
import type { ApiConfig } from "../config.ts";
import type { RateLimiter } from "../rate-limits/rate-limiter.ts";
import { composeAuditLog } from "./audit-log.ts";
import { composeRateLimiter } from "./rate-limiter.ts";

/** The API's own defences around the service: rate limits and the audit log. */
export interface Hardening {
  /** Undefined with QRG_QUOTAS=off. */
  limiter?: RateLimiter;
  audit: AuditLog;
  /** Saves rate-limit counters, writes the audit log's final checkpoint. */
  close(): Promise<void>;
}

export async function composeHardening(
  config: ApiConfig,
  keyRing: KeyRing | undefined,
  logger: Logger,
): Promise<Hardening> {
  const limiter = await composeRateLimiter(config);
  const audit = await composeAuditLog(config.dataDir, keyRing, logger);
  return {
    ...(limiter ? { limiter } : {}),
    audit,
    close: async () => {
      await limiter?.close();
      await audit.close();
    },
  };
}
