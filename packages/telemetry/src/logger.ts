import { type Logger, QRGError } from "@qrg/core";
import pino from "pino";
import { z } from "zod";
import type { Environment } from "./otel-config.ts";
import { PINO_REDACT_PATHS, REDACTED, redactSecrets } from "./redaction.ts";
import { currentSpanId, currentTraceId } from "./trace-context.ts";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** Minimum level; wins over the environment. @default QRG_LOG_LEVEL ?? LOG_LEVEL ?? "info" */
  level?: LogLevel;
  /** Where QRG_LOG_LEVEL / LOG_LEVEL are read. @default process.env */
  env?: Environment;
  /** Where JSON lines go. @default stdout */
  destination?: pino.DestinationStream;
  /** Fields on every line (e.g. `{ service: "qrg-api" }`). @default {} */
  base?: Record<string, unknown>;
}

/** The core Logger port over pino, plus the pino instance and `child` for component loggers. */
export interface QrgLogger extends Logger {
  readonly pino: pino.Logger;
  child(bindings: Record<string, unknown>): QrgLogger;
}

const LevelSchema = z.enum(LOG_LEVELS);

/** QRG_LOG_LEVEL, else LOG_LEVEL, else `info`; an unknown level is a `config_error`. */
export function logLevelFromEnv(env: Environment = process.env): LogLevel {
  const raw = (env.QRG_LOG_LEVEL || env.LOG_LEVEL || "info").trim().toLowerCase();
  const parsed = LevelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new QRGError(
      "config_error",
      `unknown log level "${raw}" (expected one of ${LOG_LEVELS.join(", ")})`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

/** trace_id/span_id of the active request or span on every line, so logs and traces join. */
function traceFields(): Record<string, string> {
  const trace_id = currentTraceId();
  if (!trace_id) return {};
  const span_id = currentSpanId();
  return span_id ? { trace_id, span_id } : { trace_id };
}

function wrap(instance: pino.Logger): QrgLogger {
  return {
    pino: instance,
    debug: (fields, message) => {
      if (instance.isLevelEnabled("debug")) instance.debug(redactSecrets(fields), message);
    },
    info: (fields, message) => {
      if (instance.isLevelEnabled("info")) instance.info(redactSecrets(fields), message);
    },
    warn: (fields, message) => {
      if (instance.isLevelEnabled("warn")) instance.warn(redactSecrets(fields), message);
    },
    error: (fields, message) => {
      if (instance.isLevelEnabled("error")) instance.error(redactSecrets(fields), message);
    },
    child: (bindings) => wrap(instance.child(redactSecrets(bindings))),
  };
}

/**
 * Structured JSON logs (pino): ISO timestamps, string level labels, the active trace and span ids, and no
 * secrets: credentials, key material and raw seeds are replaced by "[REDACTED]" at any depth.
 */
export function createLogger(options: LoggerOptions = {}): QrgLogger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? logLevelFromEnv(options.env),
    base: options.base ?? {},
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: traceFields,
    redact: { paths: PINO_REDACT_PATHS, censor: REDACTED },
  };
  return wrap(options.destination ? pino(settings, options.destination) : pino(settings));
}
