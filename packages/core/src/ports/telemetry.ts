import type { GateName } from "../errors.ts";

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue | undefined>;

export interface SpanHandle {
  setAttribute(key: string, value: AttributeValue): void;
  setAttributes(attributes: Attributes): void;
  /** W3C trace id (32 hex) of this span, or undefined when tracing is off. */
  traceId(): string | undefined;
}

export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export type GenerationStatus = "success" | "rejected" | "error" | "timeout";

/**
 * Observability port. `span` runs `fn` inside a child span of the active context, ends it, and records an
 * exception and error status when `fn` throws (then rethrows).
 */
export interface Telemetry {
  readonly logger: Logger;
  span<T>(name: string, attributes: Attributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  generation(event: {
    tier_level: number;
    entropy_source: string;
    status: GenerationStatus;
    duration_seconds: number;
  }): void;
  safetyScore(gate: GateName, score: number): void;
  safetyRejection(gate: GateName, reason: string): void;
  cognitiveLoad(tierLevel: number, load: number): void;
  slsaLevel(qrgId: string, level: number): void;
  signatureVerification(status: "valid" | "invalid" | "error"): void;
  consciousnessDisabled(reason: "disabled" | "no_consent" | "unavailable"): void;
  /** Each gate evaluation: `ok`, or how it failed (feeds the gate-up gauge behind QRGSafetyGateDown). */
  safetyGateOutcome(gate: GateName, outcome: "ok" | "timeout" | "error"): void;
  /** A key provider (HSM/KMS) failed (feeds QRGKMSFailure). */
  keyProviderError(provider: string): void;
}
