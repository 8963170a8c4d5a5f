import { SpanStatusCode } from "@opentelemetry/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelemetry, type QrgTelemetry, withIncomingContext } from "../src/index.ts";
import { type OtlpReceiver, otlpAttributes, startOtlpReceiver } from "../testing/otlp-receiver.ts";

const CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID = "00f067aa0ba902b7";
const TRACEPARENT = `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`;

let receiver: OtlpReceiver;
let telemetry: QrgTelemetry | undefined;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  await receiver.close();
});

/** Telemetry configured purely through the standard environment variables, aimed at the local receiver. */
function fromEnvironment(protocol: "http/json" | "http/protobuf"): QrgTelemetry {
  telemetry = createTelemetry({
    defaultMetrics: false,
    env: {
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: "qrg-api-under-test",
      OTEL_BSP_SCHEDULE_DELAY: "50",
    },
  });
  return telemetry;
}

async function generateUnderCaller(t: QrgTelemetry): Promise<void> {
  await withIncomingContext({ traceparent: TRACEPARENT }, () =>
    t.span(
      "qrg.generate",
      {
        "qrg.user_id": "user-7",
        "qrg.seed": "0123456789abcdefSECRET-TAIL",
        "qrg.tier_level": 3,
        "qrg.entropy_source": "pseudo_rng",
      },
      async (span) => {
        await t.span("qrg.generate.artifact", {}, async () => {});
        await t.span("qrg.generate.safety_checks", {}, () =>
          t.span("qrg.generate.safety_checks.CulturalSafetyChecker", {}, async () => {}),
        );
        await t.span("qrg.generate.provenance", {}, async () => {});
        await t.span("qrg.generate.store", {}, async () => {});
        span.setAttributes({
          "qrg.qrg_id": "qrg_abc",
          "qrg.total_time_ms": 42,
          "qrg.safety.status": "approved",
        });
      },
    ),
  );
  await withIncomingContext({ traceparent: TRACEPARENT }, () =>
    t
      .span("qrg.validate", { "qrg.qrg_id": "qrg_missing" }, async () => {
        throw new Error("artifact not found");
      })
      .catch(() => {}),
  );
}

describe("OTLP/HTTP export to a real receiver", () => {
  it("delivers the spans over http/json under the caller's trace id, with the spec's names and attributes", async () => {
    const t = fromEnvironment("http/json");
    await generateUnderCaller(t);
    await receiver.waitFor(() => receiver.jsonSpans().length >= 7);

    const first = receiver.received[0]!;
    expect(first.path).toBe("/v1/traces");
    expect(first.contentType).toMatch(/^application\/json/);
    const spans = receiver.jsonSpans();
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([CALLER_TRACE_ID]));
    expect(spans.map((s) => s.name).sort()).toEqual(
      [
        "qrg.generate",
        "qrg.generate.artifact",
        "qrg.generate.provenance",
        "qrg.generate.safety_checks",
        "qrg.generate.safety_checks.CulturalSafetyChecker",
        "qrg.generate.store",
        "qrg.validate",
      ].sort(),
    );
    const root = spans.find((s) => s.name === "qrg.generate")!;
    expect(root.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(otlpAttributes(root.attributes)).toEqual({
      "qrg.user_id": "user-7",
      "qrg.seed": "0123456789abcdef",
      "qrg.tier_level": 3,
      "qrg.entropy_source": "pseudo_rng",
      "qrg.qrg_id": "qrg_abc",
      "qrg.total_time_ms": 42,
      "qrg.safety.status": "approved",
    });
    expect(spans.find((s) => s.name === "qrg.generate.store")!.parentSpanId).toBe(root.spanId);

    const failed = spans.find((s) => s.name === "qrg.validate")!;
    expect(failed.status?.code).toBe(SpanStatusCode.ERROR);
    expect(failed.events?.map((e) => e.name)).toContain("exception");

    const body = JSON.parse(first.body.toString("utf8"));
    const resource = otlpAttributes(body.resourceSpans[0].resource.attributes);
    expect(resource["service.name"]).toBe("qrg-api-under-test");
    expect(body.resourceSpans[0].scopeSpans[0].scope.name).toBe("lukhas.qrg");
    expect(first.body.toString("utf8")).not.toContain("SECRET-TAIL");
  });

  it("delivers the spans over http/protobuf with the caller's trace id in the encoded body", async () => {
    const t = fromEnvironment("http/protobuf");
    await generateUnderCaller(t);
    await t.forceFlush();
    await receiver.waitFor((received) => received.length > 0);

    const all = Buffer.concat(receiver.received.map((r) => r.body));
    for (const r of receiver.received) {
      expect(r.path).toBe("/v1/traces");
      expect(r.contentType).toBe("application/x-protobuf");
    }
    // Protobuf carries ids as raw bytes and strings as UTF-8: both are findable in the encoded request.
    expect(all.includes(Buffer.from(CALLER_TRACE_ID, "hex"))).toBe(true);
    expect(all.includes(Buffer.from(CALLER_SPAN_ID, "hex"))).toBe(true);
    for (const name of [
      "qrg.generate.safety_checks.CulturalSafetyChecker",
      "qrg.generate.provenance",
      "qrg.validate",
    ]) {
      expect(all.includes(Buffer.from(name))).toBe(true);
    }
    expect(all.includes(Buffer.from("0123456789abcdef"))).toBe(true);
    expect(all.includes(Buffer.from("SECRET-TAIL"))).toBe(false);
  });

  it("sends nothing at all when OTEL_TRACES_EXPORTER is unset", async () => {
    telemetry = createTelemetry({
      defaultMetrics: false,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "10" },
    });
    await generateUnderCaller(telemetry);
    await telemetry.forceFlush();
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toEqual([]);
  });
});
