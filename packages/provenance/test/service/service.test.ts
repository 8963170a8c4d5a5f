import { verify } from "node:crypto";
import { hashBytes } from "@qrg/core";
import { ProvenanceSchema } from "@qrg/schema";
import { fromBase64, parseAttestationDocument, statementPae } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { createProvenanceService } from "../../src/service.ts";
import { generateTestKey, memoryKeyRing } from "../../testing/test-keys.ts";
import { responseFor, scenario, urls } from "./fixtures.ts";

const sbomBytes = new TextEncoder().encode('{"bomFormat":"CycloneDX","specVersion":"1.6"}');
const sbom = { digest: hashBytes("sha256", sbomBytes), bytes: sbomBytes };

function service(options: { custody?: "file" | "hsm"; expectedCustody?: "hsm" } = {}) {
  const keys = [
    generateTestKey("ed25519", options.custody),
    generateTestKey("ecdsa-p256", options.custody),
    generateTestKey("ml-dsa-87", options.custody),
  ];
  const keyRing = memoryKeyRing(keys);
  const provenance = createProvenanceService({
    keyRing,
    builderId: "qrg-service-test",
    generatorVersion: "0.1.0-test",
    sbom,
    lexiconDigests: [{ name: "slurs-en", digest: `sha256:${"cd".repeat(32)}` }],
    ...(options.expectedCustody ? { expectedCustody: options.expectedCustody } : {}),
  });
  return { provenance, keys, keyRing };
}

const signal = new AbortController().signal;

describe("createProvenanceService.attest", () => {
  it("returns a provenance block the response schema accepts, pointing at the attestation, key and SBOM", async () => {
    const { provenance, keys } = service();
    const { input } = scenario("ed25519");
    const { provenance: block, warnings } = await provenance.attest(input, signal);
    expect(ProvenanceSchema.parse(block)).toBeTruthy();
    expect(block.builder_id).toBe("qrg-service-test");
    expect(block.build_time).toBe("2025-11-10T15:30:00.250Z");
    expect(block.attestation_ref).toBe(urls.attestation(input.qrg_id));
    expect(block.sbom_ref).toBe(urls.sbom(sbom.digest));
    expect(block.slsa_level).toBe(1);
    expect(block.signature?.algorithm).toBe("ed25519");
    expect(block.signature?.public_key_ref).toBe(urls.key(keys[0]!.keyId));
    expect(block.signatures).toBeUndefined();
    expect(block.consensus).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it("signs the DSSE PAE of statement_b64 so a saved response verifies with the public key alone", async () => {
    const { provenance, keys } = service();
    const { input } = scenario("ed25519");
    const { provenance: block } = await provenance.attest(input, signal);
    const payload = fromBase64(block.statement_b64!)!;
    const signature = fromBase64(block.signature!.signature_b64!)!;
    expect(verify(null, statementPae(payload), keys[0]!.publicKey, signature)).toBe(true);
  });

  it("puts the classical signature in a Sigstore bundle and nothing else in the document for ed25519", async () => {
    const { provenance } = service();
    const { input } = scenario("ed25519");
    const { provenance: block, document } = await provenance.attest(input, signal);
    const parsed = parseAttestationDocument(document);
    expect(parsed.bundle?.mediaType).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
    expect(parsed.bundle?.dsseEnvelope?.payload).toBe(block.statement_b64);
    expect(parsed.bundle?.dsseEnvelope?.signatures[0]?.sig).toBe(block.signature?.signature_b64);
    expect(parsed.envelopes).toEqual([]);
    expect(parsed.statement_digest).toBe(hashBytes("sha256", fromBase64(block.statement_b64!)!));
  });

  it("signs hybrid with Ed25519 in the bundle and ML-DSA-87 in a DSSE envelope over the same payload", async () => {
    const { provenance, keys } = service();
    const { input } = scenario("hybrid");
    const { provenance: block, document } = await provenance.attest(input, signal);
    expect(block.signature?.algorithm).toBe("ed25519");
    expect(block.signatures?.map((s) => s.algorithm)).toEqual(["ed25519", "ml-dsa-87"]);
    expect(block.signatures?.map((s) => s.key_id)).toEqual([keys[0]!.keyId, keys[2]!.keyId]);
    const parsed = parseAttestationDocument(document);
    expect(parsed.envelopes).toHaveLength(1);
    const envelope = parsed.envelopes[0]!;
    expect(envelope.payload).toBe(block.statement_b64);
    expect(envelope.signatures[0]?.keyid).toBe(keys[2]!.keyId);
    const mlDsa = fromBase64(block.signatures![1]!.signature_b64)!;
    const pae = statementPae(fromBase64(block.statement_b64!)!);
    expect(verify(null, pae, keys[2]!.publicKey, mlDsa)).toBe(true);
  });

  it("names ML-DSA-87 dilithium5 in the spec's signature field and emits no Sigstore bundle for it", async () => {
    const { provenance } = service();
    const { input } = scenario("ml-dsa-87");
    const { provenance: block, document } = await provenance.attest(input, signal);
    expect(block.signature?.algorithm).toBe("dilithium5");
    expect(block.signatures).toBeUndefined();
    const parsed = parseAttestationDocument(document);
    expect(parsed.bundle).toBeUndefined();
    expect(parsed.envelopes).toHaveLength(1);
  });

  it("signs ECDSA P-256 with a DER signature in the bundle", async () => {
    const { provenance, keys } = service();
    const { input } = scenario("ecdsa-p256");
    const { provenance: block } = await provenance.attest(input, signal);
    expect(block.signature?.algorithm).toBe("ecdsa-p256");
    const signature = fromBase64(block.signature!.signature_b64!)!;
    expect(signature[0]).toBe(0x30);
    const pae = statementPae(fromBase64(block.statement_b64!)!);
    expect(verify("sha256", pae, keys[1]!.publicKey, signature)).toBe(true);
  });

  it("uses the configured classical algorithm for hybrid", async () => {
    const keys = [generateTestKey("ecdsa-p256"), generateTestKey("ml-dsa-87")];
    const provenance = createProvenanceService({
      keyRing: memoryKeyRing(keys),
      builderId: "b",
      generatorVersion: "1",
      classicalForHybrid: "ecdsa-p256",
    });
    const { provenance: block } = await provenance.attest(scenario("hybrid").input, signal);
    expect(block.signatures?.map((s) => s.algorithm)).toEqual(["ecdsa-p256", "ml-dsa-87"]);
  });

  it("claims SLSA level 2 only when every signing key is HSM-held", async () => {
    const { provenance } = service({ custody: "hsm" });
    const { provenance: block } = await provenance.attest(scenario("hybrid").input, signal);
    expect(block.slsa_level).toBe(2);
    const mixed = createProvenanceService({
      keyRing: memoryKeyRing([generateTestKey("ed25519", "hsm"), generateTestKey("ml-dsa-87", "file")]),
      builderId: "b",
      generatorVersion: "1",
    });
    const { provenance: mixedBlock } = await mixed.attest(scenario("hybrid").input, signal);
    expect(mixedBlock.slsa_level).toBe(1);
  });

  it("warns and lowers the level when a file key stands in for the expected HSM", async () => {
    const { provenance } = service({ custody: "file", expectedCustody: "hsm" });
    const { provenance: block, warnings } = await provenance.attest(scenario("ed25519").input, signal);
    expect(block.slsa_level).toBe(1);
    expect(warnings).toEqual([expect.stringContaining("local key fallback")]);
  });

  it("signs both halves of a hybrid at once, so the slower signature does not wait for the other", async () => {
    const slow = (key: ReturnType<typeof generateTestKey>) => ({
      ...key,
      sign: async (message: Uint8Array) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return key.sign(message);
      },
    });
    const provenance = createProvenanceService({
      keyRing: memoryKeyRing([slow(generateTestKey("ed25519")), slow(generateTestKey("ml-dsa-87"))]),
      builderId: "b",
      generatorVersion: "1",
    });
    const started = performance.now();
    await provenance.attest(scenario("hybrid").input, signal);
    expect(performance.now() - started).toBeLessThan(290);
  });

  it("rejects when the request was aborted before signing", async () => {
    const { provenance } = service();
    const controller = new AbortController();
    controller.abort(new Error("deadline"));
    await expect(provenance.attest(scenario().input, controller.signal)).rejects.toThrow("deadline");
  });

  it("fails with a key_error when the ring has no key for the algorithm", async () => {
    const provenance = createProvenanceService({
      keyRing: memoryKeyRing([generateTestKey("ed25519")]),
      builderId: "b",
      generatorVersion: "1",
    });
    await expect(provenance.attest(scenario("ml-dsa-87").input, signal)).rejects.toMatchObject({
      code: "key_error",
    });
  });
});

describe("createProvenanceService.verify", () => {
  it("verifies its own response, content and attestation document", async () => {
    const { provenance } = service();
    const { input, content } = scenario("hybrid");
    const attestation = await provenance.attest(input, signal);
    const result = await provenance.verify({
      response: responseFor(input, attestation.provenance),
      content,
      attestation: attestation.document,
    });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.signature_valid).toBe(true);
    expect(result.provenance_verified).toBe(true);
  });

  it("reports a changed artifact as a failed hash check", async () => {
    const { provenance } = service();
    const { input, content } = scenario("ed25519");
    const attestation = await provenance.attest(input, signal);
    const tampered = content.slice();
    tampered[0]! ^= 1;
    const result = await provenance.verify({
      response: responseFor(input, attestation.provenance),
      content: tampered,
    });
    expect(result.checks.find((c) => c.name === "artifact.hash")?.ok).toBe(false);
    expect(result.signature_valid).toBe(true);
  });

  it("still verifies an artifact signed by a key rotated out since", async () => {
    const { provenance, keyRing } = service();
    const { input, content } = scenario("ed25519", { finishedOn: new Date(Date.now() - 60_000) });
    const attestation = await provenance.attest(input, signal);
    await keyRing.rotate("ed25519");
    const result = await provenance.verify({ response: responseFor(input, attestation.provenance), content });
    expect(result.signature_valid).toBe(true);
    expect(result.checks.find((c) => c.name === "signature.ed25519")?.detail).toContain("retired");
  });
});

describe("createProvenanceService keys, SBOM and health", () => {
  it("lists the ring's keys, returns the loaded SBOM and reports health", async () => {
    const { provenance, keys } = service();
    expect((await provenance.listKeys()).map((k) => k.key_id)).toEqual(keys.map((k) => k.keyId));
    expect(provenance.sbom()).toBe(sbom);
    expect(await provenance.health()).toBe("ok");
  });
});
