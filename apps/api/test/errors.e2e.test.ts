import { createNoopTelemetry } from "@qrg/core";
import { readFixture } from "@qrg/schema/testing";
import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { composeStore } from "../src/compose/store.ts";
import { json, startTestApi } from "./support/harness.ts";
import { delayingCommits } from "./support/wrap.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = await json(res);
  expect(body).toMatchObject({ status, code });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

describe("the API's problem+json errors", () => {
  it("answers malformed JSON with 400 and keeps serving", async () => {
    await using api = await startTestApi();
    await expectProblem(await api.post(GENERATE, "{not json"), 400, "validation_error");
    expect((await api.get("/api/v1/qrg/health")).status).toBe(200);
  });

  it("answers a schema violation with 400 naming the fields", async () => {
    await using api = await startTestApi();
    const body = await expectProblem(
      await api.post(GENERATE, { ...example, seed: "short", context: { ...example.context, tier_level: 9 } }),
      400,
      "validation_error",
    );
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["seed", "context.tier_level"]));
  });

  it("answers a body over 64 KiB with 413", async () => {
    await using api = await startTestApi();
    await expectProblem(
      await api.post(GENERATE, { ...example, padding: "x".repeat(70 * 1024) }),
      413,
      "payload_too_large",
    );
  });

  it("answers a missing token with 401", async () => {
    await using api = await startTestApi();
    await expectProblem(await api.post(GENERATE, example, null), 401, "unauthorized");
  });

  it("answers a forged token (signed by another key) with 401", async () => {
    await using api = await startTestApi();
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await new SignJWT({ tier: 5, consent: ["consciousness"] })
      .setProtectedHeader({ alg: "EdDSA" })
      .setSubject("lid:abc123def456")
      .setIssuer("qrg-dev-issuer")
      .setAudience("qrg-api")
      .setExpirationTime("5m")
      .sign(privateKey);
    await expectProblem(await api.post(GENERATE, example, forged), 401, "unauthorized");
  });

  it("answers a foreign token (another deployment's issuer) with 401", async () => {
    await using a = await startTestApi();
    await using b = await startTestApi();
    await expectProblem(await a.post(GENERATE, example, await b.token()), 401, "unauthorized");
  });

  it("answers an expired token with 401", async () => {
    await using api = await startTestApi();
    const token = await api.token();
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    payload.exp = 1;
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
    await expectProblem(await api.post(GENERATE, example, tampered), 401, "unauthorized");
  });

  it("answers user_id ≠ sub with 403", async () => {
    await using api = await startTestApi();
    await expectProblem(
      await api.post(GENERATE, example, await api.token({ sub: "lid:someone_else" })),
      403,
      "forbidden",
    );
  });

  it("answers a tier above the token's with 403", async () => {
    await using api = await startTestApi();
    await expectProblem(await api.post(GENERATE, example, await api.token({ tier: 2 })), 403, "forbidden");
  });

  it("answers consensus_required with 501 and no fake consensus block", async () => {
    await using api = await startTestApi();
    const res = await api.post(GENERATE, {
      ...example,
      options: { ...example.options, consensus_required: true },
    });
    await expectProblem(res, 501, "not_implemented");
  });

  it("answers every QRG route with 404 when QRG_ENABLED=false", async () => {
    await using api = await startTestApi({ QRG_ENABLED: "false" });
    await expectProblem(await api.post(GENERATE, example), 404, "not_found");
    await expectProblem(await api.get("/api/v1/qrg/health"), 404, "not_found");
  });

  it("answers an unknown artifact with 404 and a malformed id with 400", async () => {
    await using api = await startTestApi();
    await expectProblem(
      await api.get("/api/v1/qrg/artifacts/qrg:00000000-0000-0000-0000-000000000000"),
      404,
      "not_found",
    );
    await expectProblem(await api.get("/api/v1/qrg/artifacts/..%2f..%2fetc"), 400, "validation_error");
  });

  it("answers a passed deadline with 504 and stores nothing", async () => {
    await using api = await startTestApi(
      {},
      {
        service: async (config) => ({
          store: delayingCommits((await composeStore(config, createNoopTelemetry().logger)).store, 400),
        }),
      },
    );
    const res = await api.post(GENERATE, { ...example, options: { ...example.options, timeout_ms: 150 } });
    await expectProblem(res, 504, "timeout");
    await new Promise((r) => setTimeout(r, 500));
    // The embedded log store appends one frame per commit: no segment may have grown.
    const { readdir, stat } = await import("node:fs/promises");
    const files = await readdir(`${api.dataDir}/log/writers`, { recursive: true });
    const segments = files.filter((f) => String(f).endsWith(".wal"));
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments)
      expect((await stat(`${api.dataDir}/log/writers/${segment}`)).size).toBe(0);
  });
});
