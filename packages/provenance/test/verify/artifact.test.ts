import { hashBytes } from "@qrg/core";
import { fromBase64, toBase64, verifyArtifact, verifyAttestationDocument } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { generateTestKey, publicKeyInfo } from "../../testing/test-keys.ts";
import { clone, signedResponse } from "./signed-response.ts";

const failed = (report: { checks: { name: string; ok: boolean }[] }) =>
  report.checks.filter((check) => !check.ok).map((check) => check.name);

describe("verifyArtifact", () => {
  it("accepts a hybrid response with its content and attestation document", async () => {
    const s = await signedResponse("hybrid");
    const report = verifyArtifact({
      response: s.response,
      content: s.content,
      attestation: s.document,
      trust: s.trust,
    });
    expect(failed(report)).toEqual([]);
    expect(report).toMatchObject({
      valid: true,
      hash_match: true,
      signature_valid: true,
      provenance_verified: true,
    });
    expect(report.checks.map((c) => c.name)).toEqual([
      "artifact.hash",
      "statement.decode",
      "statement.subject",
      "statement.response",
      "signature.ed25519",
      "signature.ml-dsa-87",
      "signature.policy",
      "attestation.payload",
      "attestation.bundle",
      "attestation.envelope.ml-dsa-87",
    ]);
  });

  it.each(["ed25519", "ecdsa-p256", "ml-dsa-87"] as const)("accepts a %s response", async (algorithm) => {
    const s = await signedResponse(algorithm);
    const report = verifyArtifact({
      response: s.response,
      content: s.content,
      attestation: s.document,
      trust: s.trust,
    });
    expect(failed(report)).toEqual([]);
  });

  it("accepts the trust list in the GET /keys shape", async () => {
    const s = await signedResponse();
    expect(verifyArtifact({ response: s.response, content: s.content, trust: { keys: s.trust } }).valid).toBe(
      true,
    );
  });

  it("reports the hash as unchecked, not matched, without content", async () => {
    const s = await signedResponse();
    const report = verifyArtifact({ response: s.response, trust: s.trust });
    expect(report.hash_match).toBeNull();
    expect(report.warnings).toContain("artifact content not supplied: its hash was not recomputed");
    expect(report.signature_valid).toBe(true);
  });

  it("fails the hash check when any byte of the content changes", async () => {
    const s = await signedResponse();
    for (let index = 0; index < s.content.byteLength; index++) {
      const content = s.content.slice();
      content[index]! ^= 0x01;
      const report = verifyArtifact({ response: s.response, content, trust: s.trust });
      expect(failed(report)).toEqual(["artifact.hash"]);
    }
  });

  it("fails the signature when any byte of the Statement changes", async () => {
    const s = await signedResponse();
    const payload = fromBase64(s.response.provenance.statement_b64!)!;
    for (let index = 0; index < payload.byteLength; index++) {
      const tampered = payload.slice();
      tampered[index]! ^= 0x01;
      const response = clone(s.response);
      response.provenance.statement_b64 = toBase64(tampered);
      const report = verifyArtifact({ response, content: s.content, trust: s.trust });
      expect(report.valid).toBe(false);
      expect(report.signature_valid).toBe(false);
      expect(failed(report)).toContain("signature.ed25519");
    }
  });

  it("fails the signature when any byte of the signature changes", async () => {
    const s = await signedResponse("hybrid");
    for (const which of [0, 1]) {
      const signature = fromBase64(s.response.provenance.signatures![which]!.signature_b64)!;
      for (let index = 0; index < signature.byteLength; index += which === 0 ? 1 : 97) {
        const tampered = signature.slice();
        tampered[index]! ^= 0x80;
        const response = clone(s.response);
        response.provenance.signatures![which]!.signature_b64 = toBase64(tampered);
        if (which === 0) response.provenance.signature!.signature_b64 = toBase64(tampered);
        const report = verifyArtifact({ response, content: s.content, trust: s.trust });
        expect(report.signature_valid).toBe(false);
        expect(failed(report)).toEqual([which === 0 ? "signature.ed25519" : "signature.ml-dsa-87"]);
      }
    }
  });

  it("checks a primary signature that was altered apart from the signatures list", async () => {
    const s = await signedResponse("hybrid");
    const response = clone(s.response);
    response.provenance.signature!.signature_b64 = toBase64(new Uint8Array(64).fill(7));
    const report = verifyArtifact({ response, content: s.content, trust: s.trust });
    expect(failed(report)).toEqual(["signature.ed25519"]);
  });

  it("fails when the artifact hash in the response no longer matches the signed subject", async () => {
    const s = await signedResponse();
    const response = clone(s.response);
    const other = new TextEncoder().encode("another artifact");
    response.artifact.hash = hashBytes("sha256", other);
    const report = verifyArtifact({ response, content: other, trust: s.trust });
    expect(failed(report)).toEqual(["statement.subject"]);
  });

  it("fails when the build time or builder was rewritten", async () => {
    const s = await signedResponse();
    const response = clone(s.response);
    response.provenance.builder_id = "someone-else";
    response.provenance.build_time = "2030-01-01T00:00:00Z";
    const report = verifyArtifact({ response, content: s.content, trust: s.trust });
    expect(failed(report)).toEqual(["statement.response"]);
    expect(report.checks.find((c) => c.name === "statement.response")?.detail).toMatch(/builder.*build_time/);
  });

  it("refuses a signature made by a key that is not trusted", async () => {
    const s = await signedResponse();
    const stranger = generateTestKey("ed25519");
    const report = verifyArtifact({
      response: s.response,
      content: s.content,
      trust: [publicKeyInfo(stranger)],
    });
    expect(failed(report)).toEqual(["signature.ed25519"]);
  });

  it("still accepts a retired key whose window covers the signing time", async () => {
    const s = await signedResponse("ed25519", new Date("2025-06-01T00:00:00Z"));
    const trust = s.trust.map((info) => ({
      ...info,
      status: "retired" as const,
      not_after: "2025-07-01T00:00:00Z",
    }));
    const report = verifyArtifact({ response: s.response, content: s.content, trust });
    expect(report.valid).toBe(true);
    expect(report.checks.find((c) => c.name === "signature.ed25519")?.detail).toContain("retired");
  });

  it("accepts a key created on first use, moments after the finishedOn it signs", async () => {
    const s = await signedResponse("ed25519", new Date("2025-06-01T00:00:00Z"));
    const trust = s.trust.map((info) => ({ ...info, not_before: "2025-06-01T00:00:02Z" }));
    expect(verifyArtifact({ response: s.response, content: s.content, trust }).valid).toBe(true);
  });

  it("refuses a key whose validity window does not contain the signing time", async () => {
    const s = await signedResponse("ed25519", new Date("2025-06-01T00:00:00Z"));
    for (const window of [
      { not_before: "2020-01-01T00:00:00Z", not_after: "2025-05-31T23:59:59Z" },
      { not_before: "2025-06-01T00:01:01Z", not_after: null },
    ]) {
      const trust = s.trust.map((info) => ({ ...info, ...window }));
      const report = verifyArtifact({ response: s.response, content: s.content, trust });
      expect(failed(report)).toEqual(["signature.ed25519"]);
      expect(report.checks.find((c) => c.name === "signature.ed25519")?.detail).toMatch(
        /outside key .* validity window/,
      );
    }
  });

  it("refuses a revoked key", async () => {
    const s = await signedResponse();
    const trust = s.trust.map((info) => ({ ...info, status: "revoked" as const }));
    expect(failed(verifyArtifact({ response: s.response, content: s.content, trust }))).toEqual([
      "signature.ed25519",
    ]);
  });

  it("refuses a trust entry whose key_id is not its key's digest", async () => {
    const s = await signedResponse();
    const other = generateTestKey("ed25519");
    const trust = s.trust.map((info) =>
      info.algorithm === "ed25519" ? { ...info, public_key_pem: other.publicKeyPem } : info,
    );
    const report = verifyArtifact({ response: s.response, content: s.content, trust });
    expect(failed(report)).toEqual(["signature.ed25519"]);
    expect(report.warnings.some((w) => w.includes("key_id is not the sha256"))).toBe(true);
  });

  it("refuses a signature dated in the future of the verification time", async () => {
    const s = await signedResponse();
    const report = verifyArtifact({
      response: s.response,
      content: s.content,
      trust: s.trust,
      now: new Date("2025-01-01T00:00:00Z"),
    });
    expect(failed(report)).toEqual(["statement.response"]);
  });

  describe("policies", () => {
    it("requires both halves under hybrid", async () => {
      const s = await signedResponse("ed25519");
      const report = verifyArtifact({
        response: s.response,
        content: s.content,
        trust: s.trust,
        policy: "hybrid",
      });
      expect(failed(report)).toEqual(["signature.policy"]);
    });

    it("requires both halves to verify under hybrid", async () => {
      const s = await signedResponse("hybrid");
      const trust = s.trust.filter((info) => info.algorithm !== "ml-dsa-87");
      const report = verifyArtifact({ response: s.response, content: s.content, trust, policy: "hybrid" });
      expect(failed(report)).toEqual(["signature.ml-dsa-87"]);
    });

    it("checks only the classical half under classical", async () => {
      const s = await signedResponse("hybrid");
      const trust = s.trust.filter((info) => info.algorithm !== "ml-dsa-87");
      const report = verifyArtifact({ response: s.response, content: s.content, trust, policy: "classical" });
      expect(report.valid).toBe(true);
      expect(report.warnings).toContain("policy classical: the ml-dsa-87 signature was not checked");
    });

    it("requires an ML-DSA-87 signature under pq", async () => {
      const classical = await signedResponse("ecdsa-p256");
      expect(
        failed(verifyArtifact({ response: classical.response, trust: classical.trust, policy: "pq" })),
      ).toEqual(["signature.policy"]);
      const pq = await signedResponse("ml-dsa-87");
      expect(
        verifyArtifact({ response: pq.response, content: pq.content, trust: pq.trust, policy: "pq" }).valid,
      ).toBe(true);
    });
  });

  describe("with the attestation document", () => {
    it("verifies from the document's payload when the response has no statement_b64", async () => {
      const s = await signedResponse("hybrid");
      const response = clone(s.response);
      delete response.provenance.statement_b64;
      const report = verifyArtifact({
        response,
        content: s.content,
        attestation: s.document,
        trust: s.trust,
      });
      expect(failed(report)).toEqual([]);
      expect(report.checks.find((c) => c.name === "statement.decode")?.detail).toContain(
        "attestation document payload",
      );
    });

    it("fails when the document signs another Statement", async () => {
      const a = await signedResponse("hybrid");
      const b = await signedResponse("hybrid");
      const report = verifyArtifact({
        response: a.response,
        content: a.content,
        attestation: b.document,
        trust: a.trust,
      });
      expect(failed(report)).toEqual(["attestation.payload"]);
    });

    it("fails when the bundle's signature was altered", async () => {
      const s = await signedResponse("hybrid");
      const document = JSON.parse(new TextDecoder().decode(s.document));
      document.bundle.dsseEnvelope.signatures[0].sig = toBase64(new Uint8Array(64).fill(1));
      const report = verifyArtifact({ response: s.response, attestation: document, trust: s.trust });
      expect(failed(report)).toEqual(["attestation.bundle"]);
    });

    it("fails when an envelope's signature was altered", async () => {
      const s = await signedResponse("hybrid");
      const document = JSON.parse(new TextDecoder().decode(s.document));
      const sig = fromBase64(document.envelopes[0].signatures[0].sig)!;
      sig[100]! ^= 1;
      document.envelopes[0].signatures[0].sig = toBase64(sig);
      const report = verifyArtifact({ response: s.response, attestation: document, trust: s.trust });
      expect(failed(report)).toEqual(["attestation.envelope.ml-dsa-87"]);
    });

    it("reports a document that is not an attestation as a failed check", async () => {
      const s = await signedResponse();
      const report = verifyArtifact({
        response: s.response,
        attestation: new TextEncoder().encode("{}"),
        trust: s.trust,
      });
      expect(failed(report)).toEqual(["attestation.document"]);
    });
  });

  it("throws a validation error for something that is not a response", () => {
    expect(() => verifyArtifact({ response: { hello: 1 }, trust: [] })).toThrow(
      expect.objectContaining({ code: "validation_error" }),
    );
  });
});

describe("verifyAttestationDocument", () => {
  it("verifies a document on its own against the artifact", async () => {
    const s = await signedResponse("hybrid");
    const report = verifyAttestationDocument({
      attestation: s.document,
      artifact: s.content,
      trust: s.trust,
    });
    expect(failed(report)).toEqual([]);
    expect(report.subjects).toEqual([s.response.qrg_id]);
    const other = verifyAttestationDocument({
      attestation: s.document,
      artifact: new Uint8Array([1]),
      trust: s.trust,
    });
    expect(failed(other)).toEqual(["statement.subject"]);
  });
});
