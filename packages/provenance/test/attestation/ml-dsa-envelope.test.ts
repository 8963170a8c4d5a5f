import { verify } from "node:crypto";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { fromBase64, statementPae } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { signStatementEnvelope } from "../../src/attestation/envelope.ts";
import { generateTestKey } from "../../testing/test-keys.ts";

/** An ML-DSA-87 SubjectPublicKeyInfo is a fixed 22-byte header followed by the 2592-byte raw key. */
const RAW_PUBLIC_KEY_BYTES = 2592;

describe("signStatementEnvelope with ML-DSA-87", () => {
  const payload = new TextEncoder().encode('{"_type":"https://in-toto.io/Statement/v1"}');

  it("produces a DSSE envelope whose signature node:crypto and @noble/post-quantum both verify", async () => {
    const key = generateTestKey("ml-dsa-87");
    const envelope = await signStatementEnvelope(key, payload);
    expect(envelope.payloadType).toBe("application/vnd.in-toto+json");
    expect(envelope.signatures[0]?.keyid).toBe(key.keyId);
    const signature = fromBase64(envelope.signatures[0]!.sig)!;
    expect(signature.byteLength).toBe(4627);
    const pae = statementPae(fromBase64(envelope.payload)!);
    expect(verify(null, pae, key.publicKey, signature)).toBe(true);
    const raw = key.publicKeySpki.slice(key.publicKeySpki.byteLength - RAW_PUBLIC_KEY_BYTES);
    // @noble/post-quantum's argument order is (signature, message, publicKey).
    expect(ml_dsa87.verify(signature, pae, raw)).toBe(true);
    const tampered = pae.slice();
    tampered[tampered.byteLength - 2]! ^= 1;
    expect(ml_dsa87.verify(signature, tampered, raw)).toBe(false);
    expect(verify(null, tampered, key.publicKey, signature)).toBe(false);
  });
});
