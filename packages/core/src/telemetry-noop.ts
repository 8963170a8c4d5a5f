import type { Logger, SpanHandle, Telemetry } from "./ports/telemetry.ts";

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const noopSpan: SpanHandle = { setAttribute() {}, setAttributes() {}, traceId: () => undefined };

/** Telemetry that records nothing: for library users and tests that do not observe. */
export function createNoopTelemetry(logger: Logger = silentLogger): Telemetry {
  return {
    logger,
    span: (_name, _attributes, fn) => fn(noopSpan),
    generation() {},
    safetyScore() {},
    safetyRejection() {},
    cognitiveLoad() {},
    slsaLevel() {},
    signatureVerification() {},
    consciousnessDisabled() {},
    safetyGateOutcome() {},
    keyProviderError() {},
  };
}
