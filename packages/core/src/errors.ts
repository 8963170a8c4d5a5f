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
  | "artifact_expired"
  | "not_implemented"
  | "unavailable"
  | "conflict"
  | "storage_error"
  | "storage_full"
  | "key_error"
  | "config_error"
  | "verification_error"
  | "decryption_error"
  | "payload_too_large"
  | "consensus_failed"
  | "consensus_timeout"
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

/** One schema issue as zod reports it (structural, so core needs no zod dependency). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Field path shown for an issue about the whole value. */
const ROOT_PATH = "(root)";
/** Issues spelled out in the message; every issue is always in `errors`. */
const ISSUES_IN_MESSAGE = 5;

/** The request (or a file, or a configuration) does not have the required shape. */
export class QRGValidationError extends QRGError {
  readonly errors: readonly FieldError[];

  constructor(message: string, errors: readonly FieldError[] = [], options: QRGErrorOptions = {}) {
    super("validation_error", message, options);
    this.errors = errors;
  }

  /**
   * The one mapping from a failed schema parse (a `ZodError`) to a validation error: each issue becomes a
   * field error (`a.b.0`, or `(root)` for the whole value) and the first few are spelled out after `context`
   * in the message, so a log line or a CLI error names the offending fields without the `errors` array.
   * The zod error is kept as `cause`.
   */
  static fromZod(
    error: { readonly issues: readonly SchemaIssue[] },
    context = "invalid input",
  ): QRGValidationError {
    const errors = error.issues.map((issue) => ({
      path: issue.path.length === 0 ? ROOT_PATH : issue.path.map(String).join("."),
      message: issue.message,
    }));
    const shown = errors.slice(0, ISSUES_IN_MESSAGE).map((e) => `${e.path}: ${e.message}`);
    if (errors.length > ISSUES_IN_MESSAGE) shown.push(`and ${errors.length - ISSUES_IN_MESSAGE} more`);
    return new QRGValidationError(`${context}: ${shown.join("; ")}`, errors, { cause: error });
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
export class QRGQuotaExceededError extends QRGError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options: QRGErrorOptions = {}) {
    super("quota_exceeded", message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** What a consensus job ended with, for the caller (and its problem+json). */
export interface ConsensusFailureDetails {
  job_id: string;
  /** Nodes that answered with a valid vote. */
  participants: number;
  /** Largest agreeing group / nodes asked. */
  agreement_score: number;
  /** Nodes whose vote differed from the largest group's. */
  dissenting: readonly string[];
}

/**
 * Mesh consensus did not certify the artifact: fewer than a quorum of nodes agreed (`consensus_failed`), or
 * not within the job timeout (`consensus_timeout`). Nothing was stored.
 */
export class QRGConsensusError extends QRGError {
  readonly details: ConsensusFailureDetails;

  constructor(
    code: "consensus_failed" | "consensus_timeout",
    message: string,
    details: ConsensusFailureDetails,
    options: QRGErrorOptions = {},
  ) {
    super(code, message, options);
    this.details = details;
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
