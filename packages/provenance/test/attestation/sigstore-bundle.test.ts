import { bundleFromJSON } from "@sigstore/bundle";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { describe, expect, it } from "vitest";
import { buildStatementBundle } from "../../src/attestation/sigstore-bundle.ts";
import { generateTestKey, type TestKey } from "../../testing/test-keys.ts";

const payload = new TextEncoder().encode('{"_type":"https://in-toto.io/Statement/v1","subject":[]}');

/** @sigstore/verify with nothing but one public key: no CAs, no logs, no timestamps. */
function verifyWithKeyOnly(bundleJson: unknown, key: TestKey) {
  const root = { mediaType: "", tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
  const material = toTrustMaterial(root, (hint) => {
    if (hint !== key.keyId) throw new Error(`unknown key ${hint}`);
    return { publicKey: key.publicKey, validFor: () => true };
  });
  const verifier = new Verifier(material, { tlogThreshold: 0, ctlogThreshold: 0, tsaThreshold: 0 });
  return verifier.verify(toSignedEntity(bundleFromJSON(bundleJson)));
}

describe("buildStatementBundle", () => {
  it.each(["ed25519", "ecdsa-p256"] as const)(
    "makes a v0.3 DSSE bundle that @sigstore/verify accepts given only the %s public key",
    async (algorithm) => {
      const key = generateTestKey(algorithm);
      const bundle = await buildStatementBundle(key, payload);
      expect(bundle.mediaType).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
      expect(bundle.verificationMaterial.publicKey?.hint).toBe(key.keyId);
      expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
      expect(bundle.dsseEnvelope?.payloadType).toBe("application/vnd.in-toto+json");
      expect(bundle.dsseEnvelope?.signatures).toHaveLength(1);
      expect(bundle.dsseEnvelope?.signatures[0]?.keyid).toBe(key.keyId);
      const signer = verifyWithKeyOnly(JSON.parse(JSON.stringify(bundle)), key);
      expect(signer.key.export({ type: "spki", format: "der" })).toEqual(Buffer.from(key.publicKeySpki));
    },
  );

  it("is refused by @sigstore/verify once a payload byte changes", async () => {
    const key = generateTestKey("ed25519");
    const bundle = await buildStatementBundle(key, payload);
    const tampered = Buffer.from(bundle.dsseEnvelope!.payload, "base64");
    tampered[10]! ^= 1;
    const json = {
      ...bundle,
      dsseEnvelope: { ...bundle.dsseEnvelope!, payload: tampered.toString("base64") },
    };
    expect(() => verifyWithKeyOnly(json, key)).toThrow(/signature verification failed/);
  });

  it("is refused by @sigstore/verify under another key", async () => {
    const signer = generateTestKey("ed25519");
    const other = generateTestKey("ed25519");
    const bundle = await buildStatementBundle(signer, payload);
    const relabelled = {
      ...bundle,
      verificationMaterial: { ...bundle.verificationMaterial, publicKey: { hint: other.keyId } },
    };
    expect(() => verifyWithKeyOnly(relabelled, other)).toThrow(/signature verification failed/);
  });
});
