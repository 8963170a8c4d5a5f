import { Writable } from "node:stream";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { QRGError } from "@qrg/core";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, createTelemetry, type QrgTelemetry, withIncomingContext } from "../src/index.ts";

const TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4736";
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const RAW_SEED = "my private seed phrase 12345";
const TOKEN = "eyJhbGciOiJFZERTQSJ9.secret-payload.signature";

/** Captures pino's JSON lines in memory (pino writes synchronously to a plain stream). */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { destination, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const instances: QrgTelemetry[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.shutdown()));
});

describe("createLogger", () => {
  it("writes JSON lines with level, time and message", () => {
    const out = capture();
    createLogger({ destination: out.destination, env: {} }).info(
      { event: "started", port: 8787 },
      "listening",
    );
    const [line] = out.records();
    expect(line).toMatchObject({ level: "info", event: "started", port: 8787, msg: "listening" });
    expect(new Date(String(line!.time)).toString()).not.toBe("Invalid Date");
  });

  it("stamps the request's trace id and the active span id on every line", async () => {
    const out = capture();
    const exporter = new InMemorySpanExporter();
    const telemetry = createTelemetry({
      env: {},
      spanExporters: [exporter],
      defaultMetrics: false,
      logger: createLogger({ destination: out.destination, env: {} }),
    });
    instances.push(telemetry);
    await withIncomingContext({ traceparent: TRACEPARENT }, async () => {
      telemetry.logger.info({ event: "request" }, "before the span");
      await telemetry.span("qrg.generate", {}, async () => {
        telemetry.logger.warn({ event: "safety_rejection" }, "inside the span");
      });
    });
    await telemetry.forceFlush();
    const [before, inside] = out.records();
    expect(before!.trace_id).toBe(TRACE_ID);
    expect(inside!.trace_id).toBe(TRACE_ID);
    expect(inside!.span_id).toBe(exporter.getFinishedSpans()[0]!.spanContext().spanId);
  });

  it("stamps a trace id even with tracing off, and none outside a request", async () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, env: {} });
    await withIncomingContext({ traceparent: TRACEPARENT }, async () => logger.info({}, "in request"));
    logger.info({}, "outside");
    const [inRequest, outside] = out.records();
    expect(inRequest!.trace_id).toBe(TRACE_ID);
    expect(outside).not.toHaveProperty("trace_id");
  });

  it("never writes a raw seed, token, passphrase or private key, at any depth", () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, env: {}, level: "debug" });
    logger.info({ seed: RAW_SEED, user_id: "u1" }, "generate");
    logger.warn({ request: { seed: RAW_SEED, options: { "qrg.seed": RAW_SEED } } }, "nested");
    logger.error(
      { headers: { authorization: `Bearer ${TOKEN}`, cookie: `session=${TOKEN}` } },
      "auth failed",
    );
    logger.debug(
      { key: { passphrase: "hunter2", private_key: "-----BEGIN PRIVATE KEY-----", pin: "1234" } },
      "key",
    );
    logger.info({ list: [{ access_token: TOKEN }, { refresh_token: TOKEN }], api_key: TOKEN }, "tokens");
    logger.child({ token: TOKEN }).info({ id_token: TOKEN }, "child");
    logger.pino.info({ seed: RAW_SEED, nested: { token: TOKEN } }, "raw pino");
    const text = out.lines.join("\n");
    expect(out.lines).toHaveLength(7);
    for (const secret of [RAW_SEED, TOKEN, "hunter2", "BEGIN PRIVATE KEY", '"1234"']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[REDACTED]");
    expect(out.records()[0]).toMatchObject({ seed: "[REDACTED]", user_id: "u1" });
  });

  it("keeps the fields that are not secrets intact", () => {
    const out = capture();
    createLogger({ destination: out.destination, env: {} }).info(
      {
        gate: "CulturalSafetyChecker",
        rule: "slur.leetspeak",
        tokens: ["sun", "river"],
        seed_hash: "sha256:ab",
      },
      "rejected",
    );
    expect(out.records()[0]).toMatchObject({
      gate: "CulturalSafetyChecker",
      rule: "slur.leetspeak",
      tokens: ["sun", "river"],
      seed_hash: "sha256:ab",
    });
  });

  it("takes its level from QRG_LOG_LEVEL, then LOG_LEVEL, then info", () => {
    const levelOf = (env: Record<string, string>) =>
      createLogger({ env, destination: capture().destination }).pino.level;
    expect(levelOf({})).toBe("info");
    expect(levelOf({ LOG_LEVEL: "debug" })).toBe("debug");
    expect(levelOf({ LOG_LEVEL: "debug", QRG_LOG_LEVEL: "WARN" })).toBe("warn");
  });

  it("drops lines below its level", () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, env: { QRG_LOG_LEVEL: "warn" } });
    logger.debug({}, "d");
    logger.info({}, "i");
    logger.warn({}, "w");
    logger.error({}, "e");
    expect(out.records().map((r) => r.level)).toEqual(["warn", "error"]);
  });

  it("refuses an unknown level with a config_error", () => {
    expect(() => createLogger({ env: { QRG_LOG_LEVEL: "verbose" } })).toThrow(QRGError);
    expect(() => createLogger({ env: { QRG_LOG_LEVEL: "verbose" } })).toThrow(/unknown log level "verbose"/);
  });
});
