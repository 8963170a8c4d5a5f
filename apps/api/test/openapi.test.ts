import { MockQRGAdapter } from "@qrg/mock";
import { compileJsonSchema, readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { buildOpenApiDocument } from "../src/openapi.ts";
import { STATUS_BY_CODE } from "../src/problem.ts";

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
type Paths = Record<string, Record<string, Operation>>;

const doc = buildOpenApiDocument() as { paths: Paths };

/** `METHOD /path/{param}` for every route a handler answers (middleware, registered as ALL, left out). */
function appRoutes(): Set<string> {
  const app = createApp({
    adapter: new MockQRGAdapter(),
    verifier: { verify: () => Promise.reject(new Error("routes only")) },
    // /metrics is served on the API port only with a metrics token.
    metricsToken: "metrics-token-for-route-listing",
  });
  return new Set(
    app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)/g, "{$1}")}`),
  );
}

function documentedRoutes(): Set<string> {
  return new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    ),
  );
}

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
  );

const isProblem = (response: { content?: Record<string, unknown> }) =>
  Object.keys(response.content ?? {}).includes("application/problem+json");

describe("the OpenAPI document against the Hono app", () => {
  it("documents exactly the routes the app serves", () => {
    const served = appRoutes();
    const documented = documentedRoutes();
    expect(
      [...served].filter((r) => !documented.has(r)),
      "served but not documented",
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !served.has(r)),
      "documented but not served",
    ).toEqual([]);
    expect(served.size).toBeGreaterThan(5);
  });

  it("documents every problem status with the status problem.ts maps a code to", () => {
    const mapped = new Set(Object.values(STATUS_BY_CODE));
    for (const { route, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!isProblem(response)) continue;
        expect(mapped.has(Number(status)), `${route} ${status}`).toBe(true);
      }
    }
  });

  it("documents every status problem.ts can answer on some route", () => {
    // 409 comes only from a write-once store refusing a duplicate qrg_id, which random ids never produce.
    const unreachable = new Set([409]);
    const documented = new Set(
      operations().flatMap(({ op }) =>
        Object.entries(op.responses)
          .filter(([, response]) => isProblem(response))
          .map(([status]) => Number(status)),
      ),
    );
    const missing = [...new Set(Object.values(STATUS_BY_CODE))].filter(
      (s) => !documented.has(s) && !unreachable.has(s),
    );
    expect(missing).toEqual([]);
  });

  it("documents 401 on exactly the routes that answer 401 without a token", async () => {
    const app = createApp({
      adapter: new MockQRGAdapter(),
      verifier: { verify: () => Promise.reject(new Error("no token expected")) },
      metricsToken: "metrics-token-for-route-listing",
    });
    const sample: Record<string, string> = {
      qrg_id: "qrg:00000000-0000-0000-0000-000000000000",
      digest: `sha256:${"0".repeat(64)}`,
      key_id: "no-such-key",
    };
    for (const { route, op } of operations()) {
      const [method, template] = route.split(" ") as [string, string];
      const path = template.replace(/\{([a-z_]+)\}/g, (_m, name: string) => sample[name]!);
      const res = await app.request(path, {
        method,
        ...(method === "POST" ? { body: "{}", headers: { "content-type": "application/json" } } : {}),
      });
      expect(res.status === 401, `${route} answered ${res.status}`).toBe("401" in op.responses);
    }
  });
});

const exampleRequest = readFixture<Record<string, unknown>>("example-request.json");
const exampleResponse = readFixture<Record<string, unknown>>("example-response.json");

describe("buildOpenApiDocument", () => {
  it("describes every route of the API as OpenAPI 3.1 with the shared schemas", () => {
    const doc = buildOpenApiDocument({ serverUrl: "http://127.0.0.1:8787" }) as Record<string, any>;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/qrg/generate",
        "/api/v1/qrg/validate",
        "/api/v1/qrg/health",
        "/api/v1/qrg/artifacts/{qrg_id}",
        "/api/v1/qrg/artifacts/{qrg_id}/content",
        "/api/v1/qrg/attestations/{qrg_id}",
        "/api/v1/qrg/sbom/{digest}",
        "/api/v1/qrg/keys",
        "/openapi.json",
      ]),
    );
    expect(doc.components.schemas.QRGRequest.properties.seed).toMatchObject({
      minLength: 16,
      maxLength: 256,
    });
  });

  it("embeds JSON Schemas that accept the spec's examples", () => {
    const doc = buildOpenApiDocument() as Record<string, any>;
    const request = compileJsonSchema(doc.components.schemas.QRGRequest);
    const response = compileJsonSchema(doc.components.schemas.QRGResponse);
    expect(request(exampleRequest)).toBe(true);
    expect(response(exampleResponse)).toBe(true);
  });
});
