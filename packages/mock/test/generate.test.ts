import { createHash, createPublicKey, verify } from "node:crypto";
import { hashBytes, QRGTimeoutError, QRGValidationError } from "@qrg/core";
import { QRGResponseSchema } from "@qrg/schema";
import { describe, expect, it } from "vitest";
import { MOCK_GATE_REASON, MOCK_SAFETY_WARNING, MockQRGAdapter } from "../src/index.ts";
import { call } from "./helpers/calls.ts";
import { validateSpecResponse } from "./helpers/spec-schema.ts";

/** DSSE v1 PAE, written out independently of the package. */
function pae(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.byteLength} `), body]);
}

describe("MockQRGAdapter.generate", () => {
  it("answers with a response valid under both the zod schema and the spec's JSON Schema", async () => {
    const adapter = new MockQRGAdapter();
    for (const artifact_type of ["symbolic", "visual", "audio", "multimodal"] as const) {
      const response = await adapter.generate(call({ options: { artifact_type } }));
      expect(QRGResponseSchema.safeParse(response).success).toBe(true);
      expect(validateSpecResponse(response), JSON.stringify(validateSpecResponse.errors)).toBe(true);
      // The stored copy is what the API serves later: it must validate too.
      expect(
        validateSpecResponse(JSON.parse(JSON.stringify(await adapter.getArtifact(response.qrg_id)))),
      ).toBe(true);
    }
    // The JSON Schema check has teeth: formats and patterns are enforced.
    const response = await adapter.generate(call());
    expect(validateSpecResponse({ ...response, qrg_id: "QRG-1" })).toBe(false);
    expect(
      validateSpecResponse({ ...response, provenance: { ...response.provenance, build_time: "today" } }),
    ).toBe(false);
  });

  it("derives the same tokens, affect and content hash from the same seed", async () => {
    const a = await new MockQRGAdapter().generate(call({ seed: "deterministic-seed-0001" }));
    const b = await new MockQRGAdapter().generate(call({ seed: "deterministic-seed-0001" }));
    const c = await new MockQRGAdapter().generate(call({ seed: "deterministic-seed-0002" }));
    expect(b.symbolic_payload).toEqual(a.symbolic_payload);
    expect(b.artifact.hash).toBe(a.artifact.hash);
    expect(b.qrg_id).not.toBe(a.qrg_id);
    expect(c.artifact.hash).not.toBe(a.artifact.hash);
    expect(c.symbolic_payload?.tokens).not.toEqual(a.symbolic_payload?.tokens);
    expect(a.symbolic_payload?.tokens?.length).toBeGreaterThanOrEqual(4);
    expect(a.symbolic_payload?.affect_vector).toHaveLength(4);
    for (const v of a.symbolic_payload!.affect_vector!) expect(v).toBeGreaterThanOrEqual(0);
  });

  it("marks everything as mock", async () => {
    const response = await new MockQRGAdapter().generate(call());
    const uuid = response.qrg_id.slice("qrg:".length);
    expect(response.qrg_id).toMatch(/^qrg:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(response.artifact.location).toBe(`mock://artifacts/${uuid}`);
    expect(response.provenance.builder_id).toContain("mock");
    expect(response.provenance.slsa_level).toBe(0);
    expect(response.symbolic_payload?.metadata?.mock).toBe(true);
    expect(response.safety.status).toBe("approved");
    expect(response.safety.warnings).toContain(MOCK_SAFETY_WARNING);
    expect(response.safety.warnings!.join("\n")).not.toContain("not the requested");
    expect(response.safety.gate_checks.ConstitutionalGatekeeper?.reason).toBe(MOCK_GATE_REASON);
    expect(response.safety.gate_checks.CulturalSafetyChecker?.reason).toBe(MOCK_GATE_REASON);
    expect(response.safety.gate_checks.CognitiveLoadEstimator?.status).toBe("approved");
    expect(response.provenance.attestation_ref).toBe(`mock://attestations/${uuid}`);
  });

  it("hashes the content under the requested algorithm", async () => {
    const adapter = new MockQRGAdapter();
    for (const hash_algorithm of ["sha256", "sha3-256", "blake3"] as const) {
      const response = await adapter.generate(call({ options: { hash_algorithm } }));
      const content = await adapter.getContent(response.qrg_id);
      expect(response.artifact.hash.startsWith(`${hash_algorithm}:`)).toBe(true);
      expect(hashBytes(hash_algorithm, content!.bytes)).toBe(response.artifact.hash);
      expect(response.artifact.size_bytes).toBe(content!.bytes.byteLength);
    }
  });

  it("renders JSON, SVG and WAV content for the artifact types", async () => {
    const adapter = new MockQRGAdapter();
    const contentOf = async (artifact_type: "symbolic" | "visual" | "audio" | "multimodal") => {
      const response = await adapter.generate(call({ options: { artifact_type } }));
      const content = await adapter.getContent(response.qrg_id);
      expect(response.artifact.content_type).toBe(content!.content_type);
      expect(response.artifact.type).toBe(artifact_type);
      return { response, content: content! };
    };
    const symbolic = await contentOf("symbolic");
    const doc = JSON.parse(Buffer.from(symbolic.content.bytes).toString("utf8"));
    expect(doc).toMatchObject({ mock: true, tokens: symbolic.response.symbolic_payload?.tokens });
    expect(symbolic.content.content_type).toBe("application/json");

    const visual = await contentOf("visual");
    expect(visual.content.content_type).toBe("image/svg+xml");
    expect(Buffer.from(visual.content.bytes).toString("utf8")).toMatch(
      /^<svg [^>]*>.*<title>mock artifact: .*<\/svg>$/,
    );

    const audio = await contentOf("audio");
    const wav = Buffer.from(audio.content.bytes);
    expect(audio.content.content_type).toBe("audio/wav");
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
    expect(wav.toString("ascii", 8, 12)).toBe("WAVE");
    expect(wav.readUInt32LE(4)).toBe(wav.byteLength - 8);

    const multimodal = await contentOf("multimodal");
    const parts = JSON.parse(Buffer.from(multimodal.content.bytes).toString("utf8")).parts;
    expect(parts.svg).toMatch(/^<svg /);
    expect(Buffer.from(parts.wav_b64, "base64").toString("ascii", 0, 4)).toBe("RIFF");
  });

  it("signs a DSSE-encoded in-toto statement with the Ed25519 test key it publishes", async () => {
    const adapter = new MockQRGAdapter();
    const response = await adapter.generate(call());
    const [key] = await adapter.listKeys();
    const publicKey = createPublicKey(key!.public_key_pem);
    const statement = Buffer.from(response.provenance.statement_b64!, "base64");
    const signature = Buffer.from(response.provenance.signature!.signature_b64!, "base64");

    expect(response.provenance.signature?.algorithm).toBe("ed25519");
    expect(verify(null, pae("application/vnd.in-toto+json", statement), publicKey, signature)).toBe(true);
    expect(verify(null, pae("application/vnd.in-toto+json", Buffer.from("{}")), publicKey, signature)).toBe(
      false,
    );

    const parsed = JSON.parse(statement.toString("utf8"));
    expect(parsed.subject).toEqual([
      { name: response.qrg_id, digest: { sha256: response.artifact.hash.slice(7) } },
    ]);
    expect(parsed.predicate.mock).toBe(true);
    expect(JSON.stringify(parsed)).not.toContain(response.seed);

    const spki = publicKey.export({ format: "der", type: "spki" });
    expect(key!.key_id).toBe(createHash("sha256").update(spki).digest("hex"));
    expect(response.provenance.signatures).toEqual([
      expect.objectContaining({ algorithm: "ed25519", key_id: key!.key_id }),
    ]);
    expect(response.provenance.signature?.public_key_ref).toBe(`mock://keys/${key!.key_id}`);
  });

  it("says so when it cannot honour the requested signature, entropy or consensus", async () => {
    const response = await new MockQRGAdapter().generate(
      call({
        options: {
          signature_algorithm: "ml-dsa-87",
          entropy_source: "quantum_rng",
          consensus_required: true,
        },
      }),
    );
    const warnings = response.safety.warnings!.join("\n");
    expect(warnings).toContain("not the requested ml-dsa-87");
    expect(warnings).toContain("quantum_rng requested");
    expect(warnings).toContain("no mesh consensus ran");
    expect(response.provenance.consensus).toEqual({ required: true, participants: 0 });
    expect(response.provenance.signature?.algorithm).toBe("ed25519");
  });

  it("rejects a malformed request with a QRGValidationError naming the fields", async () => {
    const adapter = new MockQRGAdapter();
    const tooShort = await adapter.generate(call({ seed: "short" })).catch((e: unknown) => e);
    expect(tooShort).toBeInstanceOf(QRGValidationError);
    expect((tooShort as QRGValidationError).errors.map((e) => e.path)).toContain("seed");

    const badUser = await adapter.generate(call({ user_id: "not-a-lid" })).catch((e: unknown) => e);
    expect((badUser as QRGValidationError).errors.map((e) => e.path)).toContain("user_id");

    const badOptions = await adapter
      .generate(call({ options: { timeout_ms: 5, artifact_type: "hologram" as "visual" } }))
      .catch((e: unknown) => e);
    expect((badOptions as QRGValidationError).errors.map((e) => e.path).sort()).toEqual([
      "options.artifact_type",
      "options.timeout_ms",
    ]);
    await expect(adapter.generate({ ...call(), request: null as never })).rejects.toMatchObject({
      code: "validation_error",
      errors: [{ path: "(root)" }],
    });
  });

  it("fails with a QRGTimeoutError when the backend is slower than options.timeout_ms, storing nothing", async () => {
    let ids = 0;
    const adapter = new MockQRGAdapter({
      latencyMs: 400,
      newId: () => `00000000-0000-4000-8000-00000000000${++ids}`,
    });
    const started = performance.now();
    const error = await adapter.generate(call({ options: { timeout_ms: 100 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QRGTimeoutError);
    expect(error).toMatchObject({ code: "timeout", timeoutMs: 100, stage: "generation" });
    expect(performance.now() - started).toBeLessThan(350);
    expect(ids).toBe(0);

    const fast = await adapter.generate(call({ options: { timeout_ms: 2000 } }));
    expect(fast.qrg_id).toBe("qrg:00000000-0000-4000-8000-000000000001");
  });

  it("stops with the caller's reason when the caller aborts", async () => {
    const adapter = new MockQRGAdapter({ latencyMs: 1000 });
    const controller = new AbortController();
    const reason = new Error("client went away");
    setTimeout(() => controller.abort(reason), 20);
    await expect(adapter.generate(call({}, controller.signal))).rejects.toBe(reason);

    const aborted = new AbortController();
    aborted.abort(reason);
    await expect(new MockQRGAdapter().generate(call({}, aborted.signal))).rejects.toBe(reason);
  });

  it("uses the given clock, ids and URL builder", async () => {
    const adapter = new MockQRGAdapter({
      now: () => new Date("2025-11-10T15:30:00Z"),
      newId: () => "550e8400-e29b-41d4-a716-446655440000",
      urls: {
        artifactContent: (id) => `https://sandbox.example/a/${id}`,
        attestation: (id) => `https://sandbox.example/att/${id}`,
        key: (id) => `https://sandbox.example/keys/${id}`,
        sbom: (digest) => `https://sandbox.example/sbom/${digest}`,
      },
    });
    const response = await adapter.generate(call());
    expect(response.provenance.build_time).toBe("2025-11-10T15:30:00.000Z");
    expect(response.qrg_id).toBe("qrg:550e8400-e29b-41d4-a716-446655440000");
    expect(response.artifact.location).toBe("mock://artifacts/550e8400-e29b-41d4-a716-446655440000");
    expect(response.provenance.attestation_ref).toBe(
      "https://sandbox.example/att/qrg:550e8400-e29b-41d4-a716-446655440000",
    );
    expect(response.provenance.sbom_ref).toMatch(/^https:\/\/sandbox\.example\/sbom\/sha256:[0-9a-f]{64}$/);
    await expect(adapter.generate(call())).rejects.toMatchObject({ code: "conflict" });
  });
});
