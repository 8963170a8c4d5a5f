import { minimisedRequestDigest } from "@qrg/provenance";
import { QRGRequestSchema } from "@qrg/schema";
import { readFixture } from "@qrg/schema/testing";
import { readAuditTail } from "@qrg/storage";
import { describe, expect, it } from "vitest";
import { json, startTestApi } from "./support/harness.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";
const OWNER = example.user_id as string;

describe("who may read an artifact", () => {
  it("serves artifacts, content and attestations to their owner and auditors only; others get 404", async () => {
    await using api = await startTestApi();
    const body = await json(await api.post(GENERATE, example));
    const id = body.qrg_id as string;
    const paths = [
      `/api/v1/qrg/artifacts/${id}`,
      `/api/v1/qrg/artifacts/${id}/content`,
      `/api/v1/qrg/attestations/${id}`,
    ];
    const owner = await api.token({ sub: OWNER });
    const stranger = await api.token({ sub: "lid:someone_else" });
    const auditor = await api.token({ sub: "lid:auditor_1", scope: "auditor" });
    for (const path of paths) {
      expect((await api.get(path, {}, owner)).status, path).toBe(200);
      expect((await api.get(path, {}, auditor)).status, path).toBe(200);
      const refused = await api.get(path, {}, stranger);
      expect(refused.status, path).toBe(404);
      // The same answer as for an artifact that does not exist: no existence oracle.
      const missing = await api.get(
        path.replace(id, "qrg:00000000-0000-4000-8000-000000000000"),
        {},
        stranger,
      );
      expect((await json(refused)).detail).toBe((await json(missing)).detail);
      expect((await api.get(path, {}, null)).status, path).toBe(401);
    }
  });

  it("shows anyone a verification view without personal data", async () => {
    await using api = await startTestApi();
    const request = { ...example, context: { ...example.context, intent: "a quiet harbour at dawn" } };
    const body = await json(await api.post(GENERATE, request));
    const res = await api.get(`/api/v1/qrg/artifacts/${body.qrg_id}/verification`, {}, null);
    expect(res.status).toBe(200);
    const view = await json(res);
    expect(view.artifact.hash).toBe(body.artifact.hash);
    expect(view.provenance.signature ?? view.provenance.signatures).toBeDefined();
    const statement = Buffer.from(view.provenance.statement_b64, "base64").toString();
    expect(statement).toContain(body.artifact.hash.split(":")[1]);
    const text = JSON.stringify(view) + statement;
    for (const personal of [
      OWNER,
      example.seed,
      "quiet harbour",
      "emotional_valence",
      "languages",
      "high_contrast",
    ]) {
      expect(text, personal).not.toContain(personal);
    }
  });

  it("commits to consciousness_state only when the token consents to its use", async () => {
    await using api = await startTestApi();
    const requestDigest = (body: any) =>
      JSON.parse(Buffer.from(body.provenance.statement_b64, "base64").toString()).predicate.buildDefinition
        .externalParameters.request.request_digest;
    const { consciousness_state: _state, ...context } = example.context;
    const parsed = QRGRequestSchema.parse(example);
    const withoutState = { ...parsed, context: { ...parsed.context, consciousness_state: undefined } };
    delete withoutState.context.consciousness_state;
    const refused = await json(
      await api.post(GENERATE, example, await api.token({ sub: OWNER, consent: [] })),
    );
    expect(requestDigest(refused)).toBe(minimisedRequestDigest(withoutState));
    const consented = await json(await api.post(GENERATE, example, await api.token({ sub: OWNER })));
    expect(requestDigest(consented)).toBe(minimisedRequestDigest(parsed));
    expect(Object.keys(context)).not.toContain("consciousness_state");
  });
});

describe("CORS", () => {
  it("answers preflights, and allows only the configured origins", async () => {
    await using api = await startTestApi({ QRG_CORS_ORIGINS: "https://app.example" });
    const preflight = (origin: string) =>
      fetch(`${api.url}${GENERATE}`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
    const allowed = await preflight("https://app.example");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const other = await preflight("https://evil.example");
    expect(other.status).toBe(204);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows no origin by default", async () => {
    await using api = await startTestApi();
    const res = await api.get("/api/v1/qrg/keys", { origin: "https://app.example" }, null);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the audit trail", () => {
  it("records generations, reads, refusals and auth failures, durably and without seeds or tokens", async () => {
    await using api = await startTestApi();
    const token = await api.token({ sub: OWNER });
    const body = await json(await api.post(GENERATE, example, token));
    await api.get(`/api/v1/qrg/artifacts/${body.qrg_id}`, {}, token);
    await api.get(`/api/v1/qrg/artifacts/${body.qrg_id}`, {}, await api.token({ sub: "lid:nosy" }));
    await api.post("/api/v1/qrg/validate", { qrg_id: body.qrg_id, expected_hash: body.artifact.hash }, token);
    await api.post(GENERATE, example, "not-a-token");
    // Appends are durable before the response: the entries are there as soon as the answers are.
    const entries = await readAuditTail(`${api.dataDir}/audit`, 10);
    expect(entries.map((e) => [e.event.action, e.event.outcome, e.event.status])).toEqual([
      ["artifact.generate", "success", 200],
      ["artifact.read", "success", 200],
      ["artifact.read", "refused", 404],
      ["artifact.validate", "success", 200],
      ["auth.failure", "refused", 401],
    ]);
    expect(entries[0]!.event).toMatchObject({ actor: OWNER, qrg_id: body.qrg_id, ip: "127.0.0.1" });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(example.seed);
    expect(text).not.toContain(token);
  });
});
