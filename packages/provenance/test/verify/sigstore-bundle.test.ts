import { createHash } from "node:crypto";
import { verifySigstoreBundle } from "@qrg/verify";
import { bundleToJSON } from "@sigstore/bundle";
import { DSSEBundleBuilder, MessageSignatureBundleBuilder, type Signer } from "@sigstore/sign";
import { describe, expect, it } from "vitest";
import { generateTestKey, publicKeyInfo, type TestKey } from "../../testing/test-keys.ts";

/** A signer as any @sigstore/sign user would write it, with an arbitrary hint. */
function signer(key: TestKey, hint: string): Signer {
  return {
    async sign(data) {
      return {
        signature: Buffer.from(await key.sign(data)),
        key: { $case: "publicKey", publicKey: key.publicKeyPem, hint },
      };
    },
  };
}

const artifact = new TextEncoder().encode("the artifact bytes\n");
const statementFor = (bytes: Uint8Array) => {
  return Buffer.from(
    JSON.stringify({
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "a.txt", digest: { sha256: createHash("sha256").update(bytes).digest("hex") } }],
      predicateType: "https://example.com/predicate/v1",
      predicate: {},
    }),
  );
};

async function messageBundle(key: TestKey, hint = key.keyId) {
  const builder = new MessageSignatureBundleBuilder({ signer: signer(key, hint), witnesses: [] });
  return bundleToJSON(await builder.create({ data: Buffer.from(artifact) }));
}

async function dsseBundle(key: TestKey, hint = key.keyId) {
  const builder = new DSSEBundleBuilder({ signer: signer(key, hint), witnesses: [] });
  return bundleToJSON(
    await builder.create({ data: statementFor(artifact), type: "application/vnd.in-toto+json" }),
  );
}

const failed = (report: { checks: { name: string; ok: boolean }[] }) =>
  report.checks.filter((check) => !check.ok).map((check) => check.name);

describe("verifySigstoreBundle", () => {
  for (const algorithm of ["ecdsa-p256", "ed25519"] as const) {
    it(`accepts a ${algorithm} message-signature bundle made by @sigstore/sign, with its artifact`, async () => {
      const key = generateTestKey(algorithm);
      const report = verifySigstoreBundle(await messageBundle(key), [publicKeyInfo(key)], { artifact });
      expect(failed(report)).toEqual([]);
      expect(report).toMatchObject({ valid: true, kind: "message_signature", key_id: key.keyId });
    });

    it(`accepts a ${algorithm} DSSE bundle made by @sigstore/sign and matches its subject`, async () => {
      const key = generateTestKey(algorithm);
      const report = verifySigstoreBundle(await dsseBundle(key), [publicKeyInfo(key)], { artifact });
      expect(failed(report)).toEqual([]);
      expect(report).toMatchObject({
        valid: true,
        kind: "dsse",
        payload_type: "application/vnd.in-toto+json",
      });
      expect(report.checks.find((c) => c.name === "bundle.artifact")?.detail).toContain("subject a.txt");
    });
  }

  it("finds the key among the trusted ones when the hint is not a key id (as other tools write it)", async () => {
    const key = generateTestKey("ecdsa-p256");
    const trust = [publicKeyInfo(generateTestKey("ed25519")), publicKeyInfo(key)];
    const report = verifySigstoreBundle(await dsseBundle(key, "cosign-style-hint"), trust);
    expect(report.valid).toBe(true);
    expect(report.key_id).toBe(key.keyId);
  });

  it("compares a message signature's digest with the artifact itself", async () => {
    const key = generateTestKey("ecdsa-p256");
    const other = new TextEncoder().encode("not the artifact");
    const report = verifySigstoreBundle(await messageBundle(key), [publicKeyInfo(key)], { artifact: other });
    expect(report.valid).toBe(false);
    expect(failed(report)).toEqual(["bundle.signature", "bundle.artifact"]);
  });

  it("needs the artifact for a message-signature bundle", async () => {
    const key = generateTestKey("ed25519");
    const report = verifySigstoreBundle(await messageBundle(key), [publicKeyInfo(key)]);
    expect(failed(report)).toEqual(["bundle.artifact"]);
  });

  it("fails a DSSE bundle whose subject is another artifact", async () => {
    const key = generateTestKey("ed25519");
    const report = verifySigstoreBundle(await dsseBundle(key), [publicKeyInfo(key)], {
      artifact: new TextEncoder().encode("x"),
    });
    expect(failed(report)).toEqual(["bundle.artifact"]);
  });

  it("refuses a bundle signed by an untrusted key", async () => {
    const key = generateTestKey("ed25519");
    const report = verifySigstoreBundle(await dsseBundle(key), [publicKeyInfo(generateTestKey("ed25519"))]);
    expect(failed(report)).toEqual(["bundle.signature"]);
  });

  it("refuses a key outside its validity window at the given signing time", async () => {
    const key = generateTestKey("ed25519");
    const info = publicKeyInfo(key, {
      not_before: "2024-01-01T00:00:00Z",
      not_after: "2024-12-31T00:00:00Z",
    });
    const bundle = await dsseBundle(key);
    expect(verifySigstoreBundle(bundle, [info], { signedAt: new Date("2024-06-01T00:00:00Z") }).valid).toBe(
      true,
    );
    const late = verifySigstoreBundle(bundle, [info], { signedAt: new Date("2025-06-01T00:00:00Z") });
    expect(failed(late)).toEqual(["bundle.signature"]);
    // Without a signing time the window must contain `now`.
    expect(verifySigstoreBundle(bundle, [info], { now: new Date("2026-01-01T00:00:00Z") }).valid).toBe(false);
  });

  it("reports what is not a bundle", () => {
    const report = verifySigstoreBundle({ mediaType: "application/json" }, []);
    expect(failed(report)).toEqual(["bundle.format"]);
    expect(report.checks[0]!.detail).toContain("content");
  });

  it("notes transparency-log entries it cannot check offline instead of failing on them", async () => {
    const key = generateTestKey("ed25519");
    const bundle = await dsseBundle(key);
    const withEntry = {
      ...bundle,
      verificationMaterial: {
        ...bundle.verificationMaterial,
        tlogEntries: [
          {
            logIndex: "1",
            logId: { keyId: "AAAA" },
            kindVersion: { kind: "dsse", version: "0.0.1" },
            integratedTime: "0",
            inclusionPromise: undefined,
            inclusionProof: {
              logIndex: "1",
              rootHash: "AAAA",
              treeSize: "2",
              hashes: [],
              checkpoint: { envelope: "log\n2\nAAAA\n" },
            },
            canonicalizedBody: "e30=",
          },
        ],
      },
    };
    const report = verifySigstoreBundle(withEntry, [publicKeyInfo(key)]);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.warnings[0]).toContain("not checked");
  });
});
