import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { QRGSafetyRejection } from "@qrg/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  createTelemetry,
  currentTraceId,
  currentTraceparent,
  injectTraceContext,
  type QrgTelemetry,
  withIncomingContext,
} from "../src/index.ts";

const CALLER_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const CALLER_SPAN_ID = "b7ad6b7169203331";
const CALLER_TRACEPARENT = `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`;

const instances: QrgTelemetry[] = [];

function traced(env: Record<string, string> = {}) {
  const exporter = new InMemorySpanExporter();
  const telemetry = createTelemetry({ env, spanExporters: [exporter], defaultMetrics: false });
  instances.push(telemetry);
  const spans = async () => {
    await telemetry.forceFlush();
    return exporter.getFinishedSpans();
  };
  return { telemetry, spans };
}

function byName(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.find((span) => span.name === name);
  if (!found) throw new Error(`no span ${name} among ${spans.map((s) => s.name).join(", ")}`);
  return found;
}

/** The span tree the core orchestrator builds for one generation. */
async function generate(
  telemetry: QrgTelemetry,
  seed = "a seed that is much longer than sixteen characters",
) {
  return telemetry.span(
    "qrg.generate",
    { "qrg.user_id": "user-42", "qrg.seed": seed, "qrg.tier_level": 4, "qrg.entropy_source": "pseudo_rng" },
    async (span) => {
      await telemetry.span("qrg.generate.artifact", {}, async () => {});
      await telemetry.span("qrg.generate.safety_checks", {}, async () => {
        for (const gate of ["ConstitutionalGatekeeper", "CulturalSafetyChecker", "CognitiveLoadEstimator"]) {
          await telemetry.span(`qrg.generate.safety_checks.${gate}`, {}, async () => {});
        }
      });
      await telemetry.span("qrg.generate.provenance", {}, async () => {});
      await telemetry.span("qrg.generate.store", {}, async () => {});
      span.setAttributes({
        "qrg.qrg_id": "qrg_123",
        "qrg.total_time_ms": 12.5,
        "qrg.safety.status": "approved",
      });
      return span.traceId();
    },
  );
}

afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.shutdown()));
});

describe("span()", () => {
  it("builds the spec's span tree under the caller's traceparent", async () => {
    const { telemetry, spans } = traced();
    await withIncomingContext({ traceparent: CALLER_TRACEPARENT }, () => generate(telemetry));
    const all = await spans();
    expect(all.map((s) => s.name).sort()).toEqual(
      [
        "qrg.generate",
        "qrg.generate.artifact",
        "qrg.generate.provenance",
        "qrg.generate.safety_checks",
        "qrg.generate.safety_checks.CognitiveLoadEstimator",
        "qrg.generate.safety_checks.ConstitutionalGatekeeper",
        "qrg.generate.safety_checks.CulturalSafetyChecker",
        "qrg.generate.store",
      ].sort(),
    );
    for (const span of all) expect(span.spanContext().traceId).toBe(CALLER_TRACE_ID);
    const root = byName(all, "qrg.generate");
    expect(root.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
    const rootId = root.spanContext().spanId;
    for (const child of [
      "qrg.generate.artifact",
      "qrg.generate.safety_checks",
      "qrg.generate.provenance",
      "qrg.generate.store",
    ]) {
      expect(byName(all, child).parentSpanContext?.spanId).toBe(rootId);
    }
    const checks = byName(all, "qrg.generate.safety_checks").spanContext().spanId;
    expect(byName(all, "qrg.generate.safety_checks.CulturalSafetyChecker").parentSpanContext?.spanId).toBe(
      checks,
    );
  });

  it("records the spec's attributes on qrg.generate", async () => {
    const { telemetry, spans } = traced();
    await generate(telemetry);
    const root = byName(await spans(), "qrg.generate");
    expect(root.attributes).toEqual({
      "qrg.user_id": "user-42",
      "qrg.seed": "a seed that is m",
      "qrg.tier_level": 4,
      "qrg.entropy_source": "pseudo_rng",
      "qrg.qrg_id": "qrg_123",
      "qrg.total_time_ms": 12.5,
      "qrg.safety.status": "approved",
    });
    expect(root.kind).toBe(SpanKind.INTERNAL);
    expect(root.instrumentationScope.name).toBe("lukhas.qrg");
  });

  it("truncates qrg.seed to 16 characters whether set at start or later, counting code points", async () => {
    const { telemetry, spans } = traced();
    await telemetry.span("qrg.generate", { "qrg.seed": "😀".repeat(20) }, async (span) => {
      span.setAttribute("qrg.seed", "x".repeat(40));
    });
    await telemetry.span("qrg.validate", { "qrg.seed": "😀".repeat(20) }, async () => {});
    const all = await spans();
    expect(byName(all, "qrg.generate").attributes["qrg.seed"]).toBe("x".repeat(16));
    expect(byName(all, "qrg.validate").attributes["qrg.seed"]).toBe("😀".repeat(16));
  });

  it("drops undefined attributes instead of recording them", async () => {
    const { telemetry, spans } = traced();
    await telemetry.span("qrg.validate", { "qrg.qrg_id": "qrg_1", "qrg.user_id": undefined }, async () => {});
    expect(byName(await spans(), "qrg.validate").attributes).toEqual({ "qrg.qrg_id": "qrg_1" });
  });

  it("marks a span that throws with error status and an exception event, then rethrows", async () => {
    const { telemetry, spans } = traced();
    const rejection = new QRGSafetyRejection(
      "CulturalSafetyChecker",
      "slur.leetspeak",
      "slur in leetspeak",
      0.1,
    );
    await expect(
      telemetry.span("qrg.generate", {}, () =>
        telemetry.span("qrg.generate.safety_checks", {}, async () => {
          throw rejection;
        }),
      ),
    ).rejects.toBe(rejection);
    const all = await spans();
    for (const name of ["qrg.generate", "qrg.generate.safety_checks"]) {
      const span = byName(all, name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toBe(rejection.message);
      expect(span.attributes["error.type"]).toBe("safety_rejection");
      const event = span.events.find((e) => e.name === "exception");
      expect(event?.attributes?.["exception.type"]).toBe("QRGSafetyRejection");
      expect(event?.attributes?.["exception.message"]).toBe(rejection.message);
    }
  });

  it("turns a synchronous throw into a rejection and still ends the span", async () => {
    const { telemetry, spans } = traced();
    const boom = (): Promise<never> => {
      throw new TypeError("sync boom");
    };
    await expect(telemetry.span("qrg.validate", {}, boom)).rejects.toThrow("sync boom");
    const span = byName(await spans(), "qrg.validate");
    expect(span.ended).toBe(true);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("keeps concurrent generations in separate traces", async () => {
    const { telemetry, spans } = traced();
    const ids = await Promise.all(
      [1, 2, 3].map((n) =>
        withIncomingContext({ traceparent: `00-${String(n).repeat(32)}-${String(n).repeat(16)}-01` }, () =>
          generate(telemetry),
        ),
      ),
    );
    expect(ids).toEqual(["1".repeat(32), "2".repeat(32), "3".repeat(32)]);
    const all = await spans();
    for (const span of all.filter((s) => s.name === "qrg.generate.store")) {
      const parent = all.find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);
      expect(parent?.name).toBe("qrg.generate");
      expect(parent?.spanContext().traceId).toBe(span.spanContext().traceId);
    }
  });

  it("samples nothing under OTEL_TRACES_SAMPLER=always_off but still propagates a trace id", async () => {
    const { telemetry, spans } = traced({ OTEL_TRACES_SAMPLER: "always_off" });
    const traceId = await generate(telemetry);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await spans()).toEqual([]);
  });
});

describe("request trace context", () => {
  it("answers with a traceparent naming qrg.generate under the caller's trace id", async () => {
    const { telemetry, spans } = traced();
    const traceparent = await withIncomingContext({ traceparent: CALLER_TRACEPARENT }, async () => {
      await generate(telemetry);
      return currentTraceparent();
    });
    const root = byName(await spans(), "qrg.generate");
    expect(traceparent).toBe(`00-${CALLER_TRACE_ID}-${root.spanContext().spanId}-01`);
  });

  it("starts a new trace whose id the response and qrg.generate share when no traceparent is sent", async () => {
    const { telemetry, spans } = traced();
    const seen = await withIncomingContext(new Headers(), async () => {
      const before = currentTraceId();
      const inside = await generate(telemetry);
      return { before, inside, after: currentTraceparent() };
    });
    const root = byName(await spans(), "qrg.generate");
    expect(seen.before).toMatch(/^[0-9a-f]{32}$/);
    expect(root.spanContext().traceId).toBe(seen.before);
    expect(seen.inside).toBe(seen.before);
    expect(root.parentSpanContext).toBeUndefined();
    expect(seen.after).toBe(`00-${seen.before}-${root.spanContext().spanId}-01`);
  });

  it("ignores a malformed traceparent and starts a fresh trace", async () => {
    const { telemetry, spans } = traced();
    await withIncomingContext(
      { traceparent: "00-00000000000000000000000000000000-b7ad6b7169203331-01" },
      () => generate(telemetry),
    );
    const root = byName(await spans(), "qrg.generate");
    expect(root.spanContext().traceId).not.toBe("0".repeat(32));
    expect(root.parentSpanContext).toBeUndefined();
  });

  it("reads traceparent from fetch Headers, header records and getter functions alike", async () => {
    const sources = [
      new Headers({ traceparent: CALLER_TRACEPARENT }),
      { traceparent: CALLER_TRACEPARENT },
      (name: string) => (name === "traceparent" ? CALLER_TRACEPARENT : undefined),
    ];
    for (const source of sources) {
      expect(withIncomingContext(source, () => currentTraceId())).toBe(CALLER_TRACE_ID);
    }
  });

  it("keeps the caller's tracestate on outgoing calls", async () => {
    const { telemetry } = traced();
    const carrier: Record<string, string> = {};
    await withIncomingContext({ traceparent: CALLER_TRACEPARENT, tracestate: "vendor=abc" }, () =>
      telemetry.span("qrg.generate", {}, async () => injectTraceContext(carrier)),
    );
    expect(carrier.traceparent).toMatch(new RegExp(`^00-${CALLER_TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(carrier.traceparent).not.toContain(CALLER_SPAN_ID);
    expect(carrier.tracestate).toBe("vendor=abc");
  });

  it("has no trace id outside any request or span", () => {
    expect(currentTraceId()).toBeUndefined();
    expect(currentTraceparent()).toBeUndefined();
  });
});

describe("with tracing off (the default)", () => {
  it("exports nothing, creates no tracer, and still runs the work", async () => {
    const telemetry = createTelemetry({ env: {}, defaultMetrics: false });
    instances.push(telemetry);
    expect(telemetry.tracingEnabled).toBe(false);
    expect(telemetry.tracer).toBeUndefined();
    await expect(telemetry.span("qrg.generate", { "qrg.seed": "s" }, async () => 42)).resolves.toBe(42);
  });

  it("still gives the request's trace id to span handles, the response and outgoing calls", async () => {
    const telemetry = createTelemetry({ env: {}, defaultMetrics: false });
    instances.push(telemetry);
    const result = await withIncomingContext({ traceparent: CALLER_TRACEPARENT }, () =>
      telemetry.span("qrg.generate", {}, async (span) => ({
        id: span.traceId(),
        header: currentTraceparent(),
      })),
    );
    expect(result).toEqual({ id: CALLER_TRACE_ID, header: CALLER_TRACEPARENT });
    const fresh = await withIncomingContext({}, () =>
      telemetry.span("qrg.generate", {}, async (span) => span.traceId()),
    );
    expect(fresh).toMatch(/^[0-9a-f]{32}$/);
  });

  it("rethrows what the work throws", async () => {
    const telemetry = createTelemetry({ env: {}, defaultMetrics: false });
    instances.push(telemetry);
    await expect(
      telemetry.span("qrg.generate", {}, () => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
  });
});
