import { QRGError } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { createTelemetry } from "../src/index.ts";
import { readTracingConfig } from "../src/otel-config.ts";

describe("readTracingConfig", () => {
  it("exports nothing when no OTEL_* variable is set", () => {
    const config = readTracingConfig({});
    expect(config.exporters).toEqual([]);
    expect(config.serviceName).toBe("qrg-api");
    expect(config.protocol).toBe("http/protobuf");
    expect(config.url).toBe("http://localhost:4318/v1/traces");
    expect(config.sampler).toBe("parentbased_always_on");
  });

  it("appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT but takes the traces endpoint as given", () => {
    expect(readTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).url).toBe(
      "http://collector:4318/v1/traces",
    );
    expect(
      readTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://other:9999/custom",
      }).url,
    ).toBe("http://other:9999/custom");
  });

  it("reads exporter, protocol, service name, headers, sampler and batch settings", () => {
    const config = readTracingConfig({
      OTEL_TRACES_EXPORTER: "otlp, console",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "qrg-staging",
      OTEL_EXPORTER_OTLP_HEADERS: "x-tenant=qrg,authorization=Bearer%20abc",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
      OTEL_BSP_SCHEDULE_DELAY: "200",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=staging",
    });
    expect(config.exporters).toEqual(["otlp", "console"]);
    expect(config.protocol).toBe("http/json");
    expect(config.serviceName).toBe("qrg-staging");
    expect(config.headers).toEqual({ "x-tenant": "qrg", authorization: "Bearer abc" });
    expect(config.sampler).toBe("parentbased_traceidratio");
    expect(config.samplerRatio).toBe(0.25);
    expect(config.batch.scheduledDelayMillis).toBe(200);
    expect(config.resourceAttributes).toEqual({ "deployment.environment": "staging" });
  });

  it("lets none win over any other exporter name", () => {
    expect(readTracingConfig({ OTEL_TRACES_EXPORTER: "otlp,none" }).exporters).toEqual([]);
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: "jaeger" }, "OTEL_TRACES_EXPORTER"],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "thrift" }, "OTEL_EXPORTER_OTLP_PROTOCOL"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ OTEL_TRACES_SAMPLER_ARG: "1.5" }, "OTEL_TRACES_SAMPLER_ARG"],
    [{ OTEL_BSP_SCHEDULE_DELAY: "soon" }, "OTEL_BSP_SCHEDULE_DELAY"],
  ])("refuses %j with a config_error naming the variable", (env, variable) => {
    let caught: unknown;
    try {
      readTracingConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QRGError);
    expect((caught as QRGError).code).toBe("config_error");
    expect((caught as QRGError).message).toContain(variable);
  });

  it("refuses the grpc protocol, whose exporter QRG does not ship", () => {
    expect(() =>
      readTracingConfig({ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }),
    ).toThrow(/grpc is not supported/);
  });

  it("switches tracing on in createTelemetry only when an exporter is configured and the SDK is not disabled", async () => {
    const on = createTelemetry({ env: { OTEL_TRACES_EXPORTER: "otlp" }, defaultMetrics: false });
    const disabled = createTelemetry({
      env: { OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "true" },
      defaultMetrics: false,
    });
    expect(on.tracingEnabled).toBe(true);
    expect(disabled.tracingEnabled).toBe(false);
    await Promise.all([on.shutdown(), disabled.shutdown()]);
  });
});
