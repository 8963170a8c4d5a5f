import { readFixture } from "@qrg/schema/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/harness.ts";

// Every route of the OpenAPI document, fuzzed over methods, parameters, headers and bodies. Bounded in
// time so CI stays fast; a failure prints the shrunk request that broke an invariant.
const TIME_LIMIT_MS = 20_000;
const example = readFixture<Record<string, any>>("example-request.json");

let api: TestApi;
let operations: { path: string; method: string }[];
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token({ sub: example.user_id, tier: 5 });
  const doc = (await (await api.get("/openapi.json")).json()) as { paths: Record<string, object> };
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ path, method: method.toUpperCase() })),
  );
}, 60_000);
afterAll(async () => {
  await api?.[Symbol.asyncDispose]();
});

const pathParam = fc.oneof(
  fc.constant("qrg:00000000-0000-4000-8000-000000000000"),
  fc.uuid().map((u) => `qrg:${u}`),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "%E0%A4%A",
    "sha256:" + "a".repeat(64),
    "ed25519",
    "~",
    "%",
    "con",
  ),
  fc.string({ unit: "grapheme", maxLength: 20 }).map(encodeURIComponent),
);

const deep = (depth: number, open: string, close: string) => `${open.repeat(depth)}${close.repeat(depth)}`;

const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 200 }),
  fc.record({ extra: fc.jsonValue({ maxDepth: 3 }) }).map((x) => JSON.stringify({ ...example, ...x })),
  fc
    .dictionary(fc.constantFrom(...Object.keys(example)), fc.jsonValue({ maxDepth: 3 }))
    .map((patch) => JSON.stringify({ ...example, ...patch })),
  fc
    .integer({ min: 100, max: 40_000 })
    .map((d) => JSON.stringify({ ...example, x: "X" }).replace('"X"', deep(d, "[", "]"))),
  fc
    .integer({ min: 100, max: 20_000 })
    .map((d) =>
      JSON.stringify({ ...example, context: "CTX" }).replace(
        '"CTX"',
        deep(d, '{"a":', "}").replace(/}$/, "1}"),
      ),
    ),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
);

const authorization = fc.oneof(
  fc.constant(undefined),
  { arbitrary: fc.constant("valid"), weight: 4 },
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
  fc.constantFrom("Bearer", "Basic dXNlcjpwYXNz", "bearer  x.y.z", "Bearer a.b.c=="),
);

const request = fc.record({
  // Mostly the documented method of the route, sometimes any other.
  method: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
  ),
  route: fc.nat(),
  param: pathParam,
  query: fc.option(fc.string({ maxLength: 40 }).map(encodeURIComponent), { nil: undefined }),
  contentType: fc.option(
    fc.constantFrom(
      "application/json",
      "application/json",
      "application/json",
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json; charset=latin1",
      "",
    ),
    { nil: undefined },
  ),
  authorization,
  origin: fc.option(fc.constantFrom("https://evil.example", "null"), { nil: undefined }),
  body,
});

const LEAKS = [/\n\s+at\s/, /node_modules/, /\/work\//, /\.ts:\d+/, /RangeError|TypeError|SyntaxError:/];

describe("fuzzing every route", () => {
  it(
    "never answers 5xx, always answers problem+json for errors and leaks nothing",
    async () => {
      const dataDir = api.dataDir;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const operation = operations[r.route % operations.length]!;
          const method = r.method ?? operation.method;
          const template = operation.path;
          const path = template.replace(/\{[^}]+\}/g, r.param) + (r.query ? `?q=${r.query}` : "");
          const headers: Record<string, string> = {};
          if (r.contentType !== undefined) headers["content-type"] = r.contentType;
          if (r.authorization)
            headers.authorization = r.authorization === "valid" ? `Bearer ${token}` : r.authorization;
          if (r.origin) headers.origin = r.origin;
          const hasBody = r.body !== undefined && !["GET", "HEAD"].includes(method);
          const res = await fetch(`${api.url}${path}`, {
            method,
            headers,
            ...(hasBody ? { body: r.body as string } : {}),
          });
          const text = await res.text();
          runs++;
          expect(res.status, `${method} ${path} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400 && method !== "HEAD") {
            expect(res.headers.get("content-type"), `${method} ${path}`).toMatch(
              /^application\/problem\+json/,
            );
            const problem = JSON.parse(text);
            expect(problem).toMatchObject({ status: res.status });
            expect(typeof problem.type).toBe("string");
            expect(typeof problem.title).toBe("string");
            expect(typeof problem.code).toBe("string");
          }
          for (const leak of [...LEAKS, new RegExp(dataDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))]) {
            expect(text, `${method} ${path} leaks ${leak}`).not.toMatch(leak);
          }
        }),
        { numRuns: 2_000, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
      );
      // The time limit must still leave a meaningful number of requests.
      expect(runs).toBeGreaterThan(200);
      const health = await api.get("/api/v1/qrg/health");
      expect(health.status).toBe(200);
    },
    TIME_LIMIT_MS + 30_000,
  );
});
