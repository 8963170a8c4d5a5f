import {
  isQRGError,
  QRGConsensusError,
  type QRGErrorCode,
  QRGQuotaExceededError,
  QRGSafetyRejection,
  QRGTimeoutError,
  QRGValidationError,
} from "@qrg/core";
import type { Problem } from "@qrg/schema";
import { RateLimitedError, rateLimitHeaders } from "./rate-limits/rate-limiter.ts";

/** The only place QRG error codes become HTTP statuses. */
export const STATUS_BY_CODE: Record<QRGErrorCode, number> = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  consensus_failed: 409,
  artifact_expired: 410,
  payload_too_large: 413,
  safety_rejection: 422,
  quota_exceeded: 429,
  internal_error: 500,
  generation_error: 500,
  storage_error: 500,
  storage_full: 507,
  verification_error: 500,
  decryption_error: 500,
  config_error: 500,
  not_implemented: 501,
  unavailable: 503,
  key_error: 503,
  timeout: 504,
  consensus_timeout: 504,
};

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
  507: "Insufficient Storage",
};

/**
 * Problems the HTTP layer answers before any route runs (Node's parser refused the request, or the client
 * was too slow): always problem+json, never Node's bare-text 400.
 */
export const HTTP_LAYER_PROBLEMS = {
  malformed_request: 400,
  request_timeout: 408,
  request_header_too_large: 431,
} as const;

/** Whether the error, or any error in its cause chain, is a full disk or an exhausted quota. */
export function isDiskFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "ENOSPC" || code === "EDQUOT") return true;
  }
  return false;
}

export interface ProblemResult {
  status: number;
  body: Problem;
  headers: Record<string, string>;
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<Problem> = {},
): ProblemResult {
  return {
    status,
    headers: {},
    body: {
      type: `https://qrg.dev/problems/${code.replaceAll("_", "-")}`,
      title: TITLES[status] ?? "Error",
      status,
      code,
      detail,
      ...extra,
    },
  };
}

/**
 * Turns any thrown value into RFC 9457 problem details. Unknown errors become a 500 that discloses
 * nothing about internals (the log has them).
 */
export function toProblem(error: unknown): ProblemResult {
  if (isDiskFull(error)) {
    const status = STATUS_BY_CODE.storage_full;
    return problem(
      status,
      "storage_full",
      "the server's storage is full: reads still work, writes are refused",
    );
  }
  if (!isQRGError(error)) return problem(500, "internal_error", "the server could not complete the request");
  const status = STATUS_BY_CODE[error.code] ?? 500;
  if (status === 500) return problem(500, error.code, "the server could not complete the request");
  if (error instanceof QRGValidationError) {
    return problem(status, error.code, error.message, { errors: [...error.errors] });
  }
  if (error instanceof QRGSafetyRejection) {
    return problem(status, error.code, error.message, {
      gate: error.gate,
      rule: error.rule,
      reason: error.reason,
      score: error.score,
    });
  }
  if (error instanceof QRGQuotaExceededError) {
    const result = problem(status, error.code, error.message, {
      retry_after_seconds: error.retryAfterSeconds,
    });
    result.headers["retry-after"] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
    if (error instanceof RateLimitedError)
      Object.assign(result.headers, rateLimitHeaders(error.decision, error.windowSeconds));
    return result;
  }
  if (error instanceof QRGConsensusError) {
    const { job_id, participants, agreement_score, dissenting } = error.details;
    return problem(status, error.code, error.message, {
      job_id,
      participants,
      agreement_score,
      dissenting: [...dissenting],
    });
  }
  if (error.code === "unavailable") {
    // A store or quota backend that is down usually comes back within seconds (a restart, a failover).
    const result = problem(status, error.code, error.message);
    result.headers["retry-after"] = "2";
    return result;
  }
  if (error instanceof QRGTimeoutError) {
    return problem(status, error.code, error.message, { timeout_ms: error.timeoutMs, stage: error.stage });
  }
  return problem(status, error.code, error.message);
}
