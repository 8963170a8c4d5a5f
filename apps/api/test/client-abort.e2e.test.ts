import { createNoopTelemetry } from "@qrg/core";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { composeStore } from "../src/compose/store.ts";
import { freePort, startTestApi } from "./support/harness.ts";
import { delayingCommits } from "./support/wrap.ts";

const example = readFixture<Record<string, any>>("example-request.json");

describe("a client that hangs up", () => {
  it("is counted apart (499), never as a server error", async () => {
    const metricsPort = await freePort();
    await using api = await startTestApi(
      { QRG_METRICS_PORT: String(metricsPort) },
      {
        service: async (config) => ({
          store: delayingCommits((await composeStore(config, createNoopTelemetry().logger)).store, 400),
        }),
      },
    );
    const controller = new AbortController();
    const pending = fetch(`${api.url}/api/v1/qrg/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await api.token()}` },
      body: JSON.stringify(example),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    await pending;
    await new Promise((r) => setTimeout(r, 600));
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/qrg_http_requests_total\{[^}]*status="499"[^}]*\} 1/);
    expect(metrics).not.toMatch(/qrg_http_requests_total\{[^}]*status="5\d\d"/);
  });
});
