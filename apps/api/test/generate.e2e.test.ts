import { hashBytes } from "@qrg/core";
import { assertSpecResponse, readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { json, startTestApi } from "./support/harness.ts";
import { flipStoredContentByte } from "./support/tamper.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";
const VALIDATE = "/api/v1/qrg/validate";

describe("POST /api/v1/qrg/generate (real API, embedded defaults)", () => {
  it("answers the spec's example request with a response that validates against the spec's schema", async () => {
    await using api = await startTestApi();
    const res = await api.post(GENERATE, example);
    expect(res.status).toBe(200);
    const body = await json(res);
    assertSpecResponse(body);
    expect(body.seed).toBe(example.seed);
    expect(body.artifact.location).toBe(`${api.url}/api/v1/qrg/artifacts/${body.qrg_id}/content`);
    expect(body.provenance.signature.public_key_ref).toMatch(
      new RegExp(`^${api.url}/api/v1/qrg/keys/[0-9a-f]{64}$`),
    );
    expect(res.headers.get("traceparent") ?? "").toMatch(/^(00-[0-9a-f]{32}-[0-9a-f]{16}-0[01])?$/);
  });

  it("gives the same artifact.hash and a new qrg_id for the same request, and validate answers all true", async () => {
    await using api = await startTestApi();
    const a = await json(await api.post(GENERATE, example));
    const b = await json(await api.post(GENERATE, example));
    expect(b.artifact.hash).toBe(a.artifact.hash);
    expect(b.qrg_id).not.toBe(a.qrg_id);
    const v = await api.post(VALIDATE, { qrg_id: a.qrg_id, expected_hash: a.artifact.hash });
    expect(await json(v)).toEqual({
      valid: true,
      hash_match: true,
      signature_valid: true,
      provenance_verified: true,
    });
  });

  it("serves the stored response, the content bytes behind artifact.location, the attestation and the key", async () => {
    await using api = await startTestApi();
    const body = await json(await api.post(GENERATE, example));
    const stored = await json(await api.get(`/api/v1/qrg/artifacts/${body.qrg_id}`));
    expect(stored.artifact.hash).toBe(body.artifact.hash);
    const owner = { authorization: `Bearer ${await api.token()}` };
    const content = await fetch(body.artifact.location, { headers: owner });
    expect(content.headers.get("content-type")).toBe(body.artifact.content_type);
    expect(hashBytes("sha256", new Uint8Array(await content.arrayBuffer()))).toBe(body.artifact.hash);
    const attestation = await fetch(body.provenance.attestation_ref, { headers: owner });
    expect(attestation.status).toBe(200);
    expect(JSON.stringify(await json(attestation))).not.toContain(example.seed);
    const key = await json(await fetch(body.provenance.signature.public_key_ref));
    expect(key).toMatchObject({ algorithm: "ed25519", status: "active" });
    const keys = await json(await api.get("/api/v1/qrg/keys"));
    expect(keys.keys.map((k: { key_id: string }) => k.key_id)).toContain(key.key_id);
  });

  it("answers valid:false after one byte of the stored artifact changes", async () => {
    await using api = await startTestApi();
    const body = await json(await api.post(GENERATE, example));
    const owner = { authorization: `Bearer ${await api.token()}` };
    const content = new Uint8Array(
      await (await fetch(body.artifact.location, { headers: owner })).arrayBuffer(),
    );
    await flipStoredContentByte(api.dataDir, content, 10);
    const v = await json(
      await api.post(VALIDATE, { qrg_id: body.qrg_id, expected_hash: body.artifact.hash }),
    );
    expect(v.valid).toBe(false);
    expect(v.hash_match).toBe(false);
  });

  it.each(["visual", "audio", "multimodal"])("renders a %s artifact for a T4 user", async (artifact_type) => {
    await using api = await startTestApi();
    const res = await api.post(GENERATE, { ...example, options: { ...example.options, artifact_type } });
    expect(res.status).toBe(200);
    const body = await json(res);
    assertSpecResponse(body);
    expect(body.artifact.type).toBe(artifact_type);
  });

  it.each(["ecdsa-p256", "ml-dsa-87", "hybrid"])(
    "signs with %s and validates",
    async (signature_algorithm) => {
      await using api = await startTestApi();
      const res = await api.post(GENERATE, {
        ...example,
        options: { ...example.options, signature_algorithm },
      });
      expect(res.status).toBe(200);
      const body = await json(res);
      assertSpecResponse(body);
      const v = await json(
        await api.post(VALIDATE, { qrg_id: body.qrg_id, expected_hash: body.artifact.hash }),
      );
      expect(v).toEqual({ valid: true, hash_match: true, signature_valid: true, provenance_verified: true });
    },
  );

  it.each(["sha3-256", "blake3"])("hashes with %s", async (hash_algorithm) => {
    await using api = await startTestApi();
    const body = await json(
      await api.post(GENERATE, { ...example, options: { ...example.options, hash_algorithm } }),
    );
    expect(body.artifact.hash.startsWith(`${hash_algorithm}:`)).toBe(true);
    const v = await json(
      await api.post(VALIDATE, { qrg_id: body.qrg_id, expected_hash: body.artifact.hash }),
    );
    expect(v.valid).toBe(true);
  });

  it("says when quantum_rng fell back to the OS CSPRNG", async () => {
    await using api = await startTestApi();
    const body = await json(
      await api.post(GENERATE, {
        ...example,
        options: { ...example.options, entropy_source: "quantum_rng" },
      }),
    );
    expect(body.safety.warnings.join(" ")).toMatch(/quantum_rng/);
  });

  it("serves health, and the OpenAPI document at /openapi.json", async () => {
    await using api = await startTestApi();
    const health = await json(await api.get("/api/v1/qrg/health"));
    expect(health).toMatchObject({
      status: "healthy",
      checks: { safety_gates: "ok", provenance_service: "ok", artifact_storage: "ok" },
    });
    const doc = await json(await api.get("/openapi.json"));
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/qrg/generate"]).toBeDefined();
  });
});
