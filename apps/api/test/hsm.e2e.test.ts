import { createSoftHsmTokens, type SoftHsmTokens } from "@qrg/provenance/testing/softhsm";
import { readFixture } from "@qrg/schema/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, json, startTestApi } from "./support/harness.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";

describe("signing with HSM-held keys (SoftHSM2 through PKCS#11)", () => {
  let hsm: SoftHsmTokens;
  beforeAll(async () => {
    hsm = await createSoftHsmTokens(["qrg"]);
  });
  afterAll(async () => {
    await hsm?.cleanup();
  });

  it("signs on the token, reports slsa_level 2 and validates", async () => {
    await using api = await startTestApi({ QRG_KEY_REF: hsm.uri("qrg", { object: "qrg" }) });
    const res = await api.post(GENERATE, example);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.provenance.slsa_level).toBe(2);
    const v = await json(
      await api.post("/api/v1/qrg/validate", { qrg_id: body.qrg_id, expected_hash: body.artifact.hash }),
    );
    expect(v.valid).toBe(true);
  });

  it("answers 503 when the HSM is unavailable and no fallback is allowed", async () => {
    await using api = await startTestApi({ QRG_KEY_REF: hsm.uri("missing-token") });
    const res = await api.post(GENERATE, example);
    expect(res.status).toBe(503);
    expect((await json(res)).code).toBe("unavailable");
    expect((await json(await api.get("/api/v1/qrg/health"))).checks.provenance_service).toBe("error");
  });

  it("falls back to a local key with QRG_KEY_FALLBACK=local, warns and lowers slsa_level", async () => {
    const metricsPort = await freePort();
    await using api = await startTestApi({
      QRG_KEY_REF: hsm.uri("missing-token"),
      QRG_KEY_FALLBACK: "local",
      QRG_METRICS_PORT: String(metricsPort),
    });
    const res = await api.post(GENERATE, example);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.provenance.slsa_level).toBeLessThan(2);
    expect(body.safety.warnings.join(" ")).toMatch(/fallback/i);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/qrg_key_provider_errors_total\{provider="pkcs11"\} [1-9]/);
  });

  it("fails clearly for a cloud KMS reference with no provider registered", async () => {
    await expect(startTestApi({ QRG_KEY_REF: "awskms:///alias/qrg" })).rejects.toThrow(
      /no provider registered for awskms/,
    );
  });
});
