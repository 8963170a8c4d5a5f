import { readFileSync } from "node:fs";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { decodeSpki, keyIdOf, pemToSpki, readChildren, readWhole, TAG, verifySignature } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import {
  createSoftwareSigningKey,
  encodePkcs8,
  ML_DSA_87_SIGNATURE_LENGTH,
  signMessage,
} from "../../src/algorithms/index.ts";
import { BACKENDS, concat, elementBytes, flipBit, hex, sha256Hex, toHex, utf8 } from "./helpers.ts";
import { LAMPS_ML_DSA_87 } from "./vectors.ts";

const seed = hex(LAMPS_ML_DSA_87.seed);
const expanded = ml_dsa87.keygen(seed).secretKey;
const ML_DSA_87_ALGORITHM_ID = hex("300b0609608648016503040313");

/** The three RFC 9881 private key forms for the LAMPS example seed. */
const PKCS8_FORMS = {
  seed: concat(hex("3034020100"), ML_DSA_87_ALGORITHM_ID, hex("04228020"), seed),
  expanded: concat(hex("30821338020100"), ML_DSA_87_ALGORITHM_ID, hex("0482132404821320"), expanded),
  both: bothForm(seed, expanded),
};

/** The `both` form (written by older Node and by earlier versions of this package); still read. */
function bothForm(keySeed: Uint8Array, keyExpanded: Uint8Array): Uint8Array {
  return concat(
    hex("3082135e020100"),
    ML_DSA_87_ALGORITHM_ID,
    hex("0482134a308213460420"),
    keySeed,
    hex("04821320"),
    keyExpanded,
  );
}

/** The published LAMPS self-signed certificate, split into TBSCertificate, signature and SPKI. */
function lampsCertificate() {
  const pem = readFileSync(new URL("./fixtures/lamps-ML-DSA-87.crt", import.meta.url), "utf8");
  const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
  const certificate = readWhole(der, TAG.SEQUENCE);
  const [tbs, signatureAlgorithm, signatureValue] = readChildren(certificate);
  const tbsBytes = elementBytes(certificate, tbs!);
  const spki = elementBytes(tbs!.content, readChildren(tbs!.content)[6]!);
  return {
    tbs: tbsBytes,
    signatureAlgorithm: elementBytes(certificate, signatureAlgorithm!),
    signature: signatureValue!.content.subarray(1), // BIT STRING: drop the unused-bits byte
    spki,
  };
}

describe("ML-DSA-87 known answers (IETF LAMPS example key, FIPS 204)", () => {
  it.each(BACKENDS)("derives the published public key from the seed on the %s backend", (backend) => {
    for (const [form, pkcs8] of Object.entries(PKCS8_FORMS)) {
      const key = createSoftwareSigningKey("ml-dsa-87", pkcs8, "file", { backend });
      expect(sha256Hex(decodeSpki(key.publicKeySpki).publicKey), form).toBe(LAMPS_ML_DSA_87.publicKeySha256);
    }
  });

  it("reads the published certificate's key as the same public key", () => {
    const { spki, signatureAlgorithm } = lampsCertificate();
    expect(toHex(signatureAlgorithm)).toBe(toHex(ML_DSA_87_ALGORITHM_ID));
    expect(sha256Hex(decodeSpki(spki).publicKey)).toBe(LAMPS_ML_DSA_87.publicKeySha256);
  });

  it.each(BACKENDS)("verifies the published certificate signature on the %s backend", (backend) => {
    const { tbs, signature, spki } = lampsCertificate();
    expect(signature.length).toBe(ML_DSA_87_SIGNATURE_LENGTH);
    expect(verifySignature("ml-dsa-87", spki, tbs, signature, { backend })).toBe(true);
    expect(verifySignature("ml-dsa-87", spki, flipBit(tbs, 100), signature, { backend })).toBe(false);
    expect(verifySignature("ml-dsa-87", spki, tbs, flipBit(signature, 2000), { backend })).toBe(false);
  });

  it("reproduces the stored hash of noble's deterministic signature, and node:crypto verifies it", () => {
    const message = utf8("QRG ML-DSA-87 known answer");
    const signature = ml_dsa87.sign(message, expanded, { extraEntropy: false });
    expect(sha256Hex(signature)).toBe("16e8df798887667d3b0a999acd44844c23dad50a5fc97397c96e1cdc3bac17a2");
    const spki = createSoftwareSigningKey("ml-dsa-87", PKCS8_FORMS.seed, "file", {
      backend: "node",
    }).publicKeySpki;
    expect(verifySignature("ml-dsa-87", spki, message, signature, { backend: "node" })).toBe(true);
  });

  it.each(BACKENDS)("gives every private key form the same key id on the %s backend", (backend) => {
    const ids = Object.values(PKCS8_FORMS).map(
      (pkcs8) => createSoftwareSigningKey("ml-dsa-87", pkcs8, "file", { backend }).keyId,
    );
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe(keyIdOf(lampsCertificate().spki));
  });

  it.each(BACKENDS)("rejects a `both` key whose expanded key does not come from its seed (%s)", (backend) => {
    const mismatched = bothForm(new Uint8Array(32).fill(7), expanded);
    expect(() => createSoftwareSigningKey("ml-dsa-87", mismatched, "file", { backend })).toThrow(
      expect.objectContaining({ code: "key_error" }),
    );
  });

  it.each(BACKENDS)("signs with the %s backend so both backends verify", (backend) => {
    const message = utf8("artifact digest");
    const signature = signMessage("ml-dsa-87", PKCS8_FORMS.seed, message, { backend });
    const spki = pemToSpki(createSoftwareSigningKey("ml-dsa-87", PKCS8_FORMS.seed).publicKeyPem);
    for (const verifier of BACKENDS) {
      expect(verifySignature("ml-dsa-87", spki, message, signature, { backend: verifier })).toBe(true);
    }
  });
});

describe("ML-DSA-87 PKCS#8 encoding", () => {
  it("writes the seed-only form when the seed is known, whatever else is given", () => {
    expect(toHex(encodePkcs8({ algorithm: "ml-dsa-87", seed, expanded }))).toBe(toHex(PKCS8_FORMS.seed));
    expect(toHex(encodePkcs8({ algorithm: "ml-dsa-87", seed }))).toBe(toHex(PKCS8_FORMS.seed));
  });

  it("writes the expanded form when only the expanded key is known", () => {
    expect(toHex(encodePkcs8({ algorithm: "ml-dsa-87", expanded }))).toBe(toHex(PKCS8_FORMS.expanded));
  });
});
