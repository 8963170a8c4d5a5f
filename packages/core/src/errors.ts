/**
 * One error base class for all of QRG. Every error carries a stable string-literal `code` (the API maps codes
 * to HTTP statuses; nothing else does) and, where there was one, the underlying `cause`.
 */
export type QRGErrorCode =
  | "validation_error"
  | "generation_error"
  | "safety_rejection"
  | "timeout"
  | "quota_exceeded"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "not_implemented"
  | "unavailable"
  | "conflict"
  | "storage_error"
  | "key_error"
  | "config_error"
  | "verification_error"
  | "decryption_error"
  | "payload_too_large"
  | "internal_error";

export interface QRGErrorOptions {
  cause?: unknown;
}

export class QRGError extends Error {
  readonly code: QRGErrorCode;

  constructor(code: QRGErrorCode, message: string, options: QRGErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

export interface FieldError {
  /** JSON path of the offending field, e.g. `context.tier_level`. */
  path: string;
  message: string;
}

/** The request (or a file, or a configuration) does not have the required shape. */
export class QRGValidationError extends QRGError {
  readonly errors: readonly FieldError[];

  constructor(message: string, errors: readonly FieldError[] = [], options: QRGErrorOptions = {}) {
    super("validation_error", message, options);
    this.errors = errors;
  }
}

/** Artifact generation failed for an internal reason. */
export class QRGGenerationError extends QRGError {
  constructor(message: string, options: QRGErrorOptions = {}) {
    super("generation_error", message, options);
  }
}

export type GateName = "ConstitutionalGatekeeper" | "CulturalSafetyChecker" | "CognitiveLoadEstimator";

/** A safety gate rejected the request or the artifact. Nothing was stored. */
export class QRGSafetyRejection extends QRGError {
  readonly gate: GateName;
  readonly rule: string;
  readonly reason: string;
  readonly score: number;

  constructor(gate: GateName, rule: string, reason: string, score: number, options: QRGErrorOptions = {}) {
    super("safety_rejection", `${gate} rejected the request (rule ${rule}): ${reason}`, options);
    this.gate = gate;
    this.rule = rule;
    this.reason = reason;
    this.score = score;
  }
}

/** The request's deadline (options.timeout_ms) passed. Nothing half-written stays in storage. */
export class QRGTimeoutError extends QRGError {
  readonly timeoutMs: number;
  readonly stage: string;

  constructor(timeoutMs: number, stage: string, options: QRGErrorOptions = {}) {
    super("timeout", `deadline of ${timeoutMs} ms exceeded during ${stage}`, options);
    this.timeoutMs = timeoutMs;
    this.stage = stage;
  }
}

/** The user's generation quota is exhausted; retry after `retryAfterSeconds`. */
export class QRGQuotaExceeded extends QRGError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options: QRGErrorOptions = {}) {
    super("quota_exceeded", message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class QRGNotFoundError extends QRGError {
  constructor(message: string, options: QRGErrorOptions = {}) {
    super("not_found", message, options);
  }
}

export class QRGUnavailableError extends QRGError {
  constructor(message: string, options: QRGErrorOptions = {}) {
    super("unavailable", message, options);
  }
}

export class QRGNotImplementedError extends QRGError {
  constructor(message: string, options: QRGErrorOptions = {}) {
    super("not_implemented", message, options);
  }
}

export function isQRGError(value: unknown): value is QRGError {
  return value instanceof QRGError;
}
