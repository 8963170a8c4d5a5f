import { createHash, createPublicKey, verify } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSoftwareSigningKey, generateKeyPair } from "../../src/algorithms/index.ts";
import type { KeyRing } from "../../src/key-ring.ts";
import { resolveKeyRing } from "../../src/keys/index.ts";
import { createPkcs11KeyRing, type Pkcs11KeyRing, pkcs11KeyRingProvider } from "../../src/pkcs11/index.ts";
import { CKM_EC_EDWARDS_KEY_PAIR_GEN, ED25519_EC_PARAMS } from "../../src/pkcs11/mechanisms.ts";
import type { SigningKey } from "../../src/signing-key.ts";
import {
  createSoftHsmTokens,
  SOFTHSM_MODULE,
  type SoftHsmTokens,
  withRawSession,
} from "../../testing/softhsm.ts";

const message = new TextEncoder().encode("qrg:attestation payload");

function nodeVerifies(key: SigningKey, data: Uint8Array, signature: Uint8Array): boolean {
  const publicKey = createPublicKey({ key: Buffer.from(key.publicKeySpki), format: "der", type: "spki" });
  return verify(key.algorithm === "ed25519" ? null : "sha256", data, publicKey, signature);
}

/** ML-DSA-87 in software: the stand-in for the file key ring the API passes as fallback. */
function softwareMlDsaRing(): KeyRing {
  const pair = generateKeyPair("ml-dsa-87");
  const key = createSoftwareSigningKey("ml-dsa-87", pair.privateKeyPkcs8);
  const info: PublicKeyInfo = {
    key_id: key.keyId,
    algorithm: "ml-dsa-87",
    public_key_pem: key.publicKeyPem,
    status: "active",
    not_before: "2025-01-01T00:00:00.000Z",
    not_after: null,
  };
  return {
    active: async (algorithm: KeyAlgorithm) => {
      if (algorithm !== "ml-dsa-87") throw new Error(`software ring asked for ${algorithm}`);
      return key;
    },
    list: async () => [info],
    rotate: async () => info,
    health: async () => "ok",
  };
}

let tokens: SoftHsmTokens;
const rings: Pkcs11KeyRing[] = [];
async function openRing(...args: Parameters<typeof createPkcs11KeyRing>): Promise<Pkcs11KeyRing> {
  const ring = await createPkcs11KeyRing(...args);
  rings.push(ring);
  return ring;
}

beforeAll(async () => {
  tokens = await createSoftHsmTokens(["qrg", "rotate", "adopt", "strict", "mldsa", "pin"]);
});

afterAll(async () => {
  for (const ring of rings) await ring.close();
  await tokens?.cleanup();
});

describe("createPkcs11KeyRing on SoftHSM2", () => {
  it("generates an Ed25519 key on the token whose signatures node:crypto verifies", async () => {
    const ring = await openRing(tokens.uri("qrg"));
    const key = await ring.active("ed25519");
    expect(key.custody).toBe("hsm");
    expect(key.keyId).toBe(createHash("sha256").update(key.publicKeySpki).digest("hex"));
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const signature = await key.sign(message);
    expect(signature).toHaveLength(64);
    expect(nodeVerifies(key, message, signature)).toBe(true);
    expect(nodeVerifies(key, new TextEncoder().encode("another payload"), signature)).toBe(false);
  });

  it("generates a P-256 key and returns DER ECDSA signatures over SHA-256", async () => {
    const ring = await openRing(tokens.uri("qrg"));
    const key = await ring.active("ecdsa-p256");
    const signature = await key.sign(message);
    expect(signature[0]).toBe(0x30);
    expect(nodeVerifies(key, message, signature)).toBe(true);
    expect(
      createPublicKey({ key: Buffer.from(key.publicKeySpki), format: "der", type: "spki" })
        .asymmetricKeyDetails,
    ).toMatchObject({ namedCurve: "prime256v1" });
  });

  it("keeps the private keys sensitive and never extractable", async () => {
    const ring = await openRing(tokens.uri("qrg"));
    const ids = [(await ring.active("ed25519")).keyId, (await ring.active("ecdsa-p256")).keyId];
    withRawSession("qrg", (pkcs11, session) => {
      for (const id of ids) {
        pkcs11.C_FindObjectsInit(session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_ID, value: Buffer.from(id, "hex") },
        ]);
        const [handle] = pkcs11.C_FindObjects(session, 2);
        pkcs11.C_FindObjectsFinal(session);
        expect(handle, `private key ${id}`).toBeDefined();
        const [sensitive, extractable, never] = pkcs11.C_GetAttributeValue(session, handle as Buffer, [
          { type: pkcs11js.CKA_SENSITIVE },
          { type: pkcs11js.CKA_EXTRACTABLE },
          { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
        ]);
        expect([sensitive?.value[0], extractable?.value[0], never?.value[0]]).toEqual([1, 0, 1]);
        expect(() =>
          pkcs11.C_GetAttributeValue(session, handle as Buffer, [{ type: pkcs11js.CKA_VALUE }]),
        ).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      }
    });
  });

  it("finds the same keys again after the ring is reopened", async () => {
    const first = await openRing(tokens.uri("qrg"));
    const before = (await first.active("ed25519")).keyId;
    await first.close();
    const second = await openRing(tokens.uri("qrg"));
    const again = await second.active("ed25519");
    expect(again.keyId).toBe(before);
    expect(nodeVerifies(again, message, await again.sign(message))).toBe(true);
    const listed = await second.list();
    expect(listed.map((k) => k.algorithm).sort()).toEqual(["ecdsa-p256", "ed25519"]);
    expect(listed.every((k) => k.status === "active" && k.not_after === null)).toBe(true);
  });

  it("rotates: the new key signs, the old one is retired with not_after = the new not_before", async () => {
    const times = [new Date("2025-03-01T00:00:00.000Z"), new Date("2025-06-01T00:00:00.000Z")];
    let clock = times[0] as Date;
    const ring = await openRing(tokens.uri("rotate"), { now: () => clock });
    const old = await ring.active("ed25519");
    clock = times[1] as Date;
    const rotated = await ring.rotate("ed25519");
    const current = await ring.active("ed25519");
    expect(current.keyId).toBe(rotated.key_id);
    expect(current.keyId).not.toBe(old.keyId);
    expect(nodeVerifies(current, message, await current.sign(message))).toBe(true);
    expect(await ring.list()).toEqual([
      expect.objectContaining({
        key_id: old.keyId,
        status: "retired",
        not_before: "2025-03-01T00:00:00.000Z",
        not_after: "2025-06-01T00:00:00.000Z",
      }),
      expect.objectContaining({
        key_id: rotated.key_id,
        status: "active",
        not_before: "2025-06-01T00:00:00.000Z",
      }),
    ]);
    const labels = withRawSession("rotate", (pkcs11, session) => {
      pkcs11.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
      const handles = pkcs11.C_FindObjects(session, 10);
      pkcs11.C_FindObjectsFinal(session);
      return handles.map((h) =>
        pkcs11.C_GetAttributeValue(session, h, [{ type: pkcs11js.CKA_LABEL }])[0]?.value.toString(),
      );
    });
    expect(labels.sort()).toEqual(["qrg-ed25519", `qrg-ed25519.retired.${old.keyId.slice(0, 16)}`]);
  });

  it("signs many messages concurrently through one session", async () => {
    const ring = await openRing(tokens.uri("qrg"));
    const keys = [await ring.active("ed25519"), await ring.active("ecdsa-p256")];
    const messages = Array.from({ length: 24 }, (_, i) => new TextEncoder().encode(`message ${i}`));
    const signatures = await Promise.all(messages.map((m, i) => (keys[i % 2] as SigningKey).sign(m)));
    signatures.forEach((signature, i) => {
      expect(
        nodeVerifies(keys[i % 2] as SigningKey, messages[i] as Uint8Array, signature),
        `message ${i}`,
      ).toBe(true);
    });
  });

  it("adopts a key pair an administrator provisioned under the ring's label", async () => {
    const provisioned = withRawSession("adopt", (pkcs11, session) => {
      const { publicKey } = pkcs11.C_GenerateKeyPair(
        session,
        { mechanism: CKM_EC_EDWARDS_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_VERIFY, value: true },
          { type: pkcs11js.CKA_EC_PARAMS, value: ED25519_EC_PARAMS },
          { type: pkcs11js.CKA_LABEL, value: "hsm-ed25519" },
          { type: pkcs11js.CKA_ID, value: Buffer.from("0102", "hex") },
        ],
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_SIGN, value: true },
          { type: pkcs11js.CKA_LABEL, value: "hsm-ed25519" },
          { type: pkcs11js.CKA_ID, value: Buffer.from("0102", "hex") },
        ],
      );
      const [point] = pkcs11.C_GetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
      return point?.value.subarray(-32).toString("hex");
    });
    const ring = await openRing(tokens.uri("adopt", { object: "hsm" }), { generateKeys: false });
    const key = await ring.active("ed25519");
    expect(Buffer.from(key.publicKeySpki).subarray(-32).toString("hex")).toBe(provisioned);
    expect(nodeVerifies(key, message, await key.sign(message))).toBe(true);
    await expect(ring.active("ecdsa-p256")).rejects.toMatchObject({
      code: "key_error",
      message: expect.stringContaining('no ecdsa-p256 key labelled "hsm-ecdsa-p256"'),
    });
  });

  it("restricts the ring to one algorithm when the object names a single key", async () => {
    const ring = await openRing(tokens.uri("strict", { object: "qrg-ed25519" }));
    expect((await ring.active("ed25519")).algorithm).toBe("ed25519");
    await expect(ring.active("ecdsa-p256")).rejects.toMatchObject({ code: "not_implemented" });
  });

  it("refuses ML-DSA-87 with a clear error when no software fallback ring is given", async () => {
    const ring = await openRing(tokens.uri("mldsa"));
    await expect(ring.active("ml-dsa-87")).rejects.toMatchObject({
      code: "not_implemented",
      message: expect.stringMatching(/PKCS#11 defines no ML-DSA mechanism.*fallback/),
    });
    await expect(ring.rotate("ml-dsa-87")).rejects.toMatchObject({ code: "not_implemented" });
  });

  it("delegates ML-DSA-87 to the software fallback ring and lists its key beside the HSM keys", async () => {
    const fallback = softwareMlDsaRing();
    const ring = await openRing(tokens.uri("mldsa"), { fallback });
    const mlDsa = await ring.active("ml-dsa-87");
    expect(mlDsa.custody).toBe("file");
    expect(mlDsa.keyId).toBe((await fallback.active("ml-dsa-87")).keyId);
    const ed = await ring.active("ed25519");
    const listed = await ring.list();
    expect(listed.map((k) => [k.algorithm, k.key_id])).toEqual([
      ["ed25519", ed.keyId],
      ["ml-dsa-87", mlDsa.keyId],
    ]);
    expect(await ring.health()).toBe("ok");
  });

  it("reads the PIN from a pin-source file", async () => {
    const pinFile = join(tokens.dir, "pin");
    await writeFile(pinFile, "1234\n", { mode: 0o600 });
    const ring = await openRing(tokens.uri("qrg", { pinSource: pinFile }));
    const key = await ring.active("ed25519");
    expect(nodeVerifies(key, message, await key.sign(message))).toBe(true);
  });

  it("reports ok health while the token answers and error once closed", async () => {
    const ring = await createPkcs11KeyRing(tokens.uri("qrg"));
    expect(await ring.health()).toBe("ok");
    await ring.close();
    expect(await ring.health()).toBe("error");
    await expect(ring.active("ed25519")).rejects.toMatchObject({ code: "unavailable" });
  });
});

describe("pkcs11KeyRingProvider", () => {
  it("lets resolveKeyRing open pkcs11: references, with the software fallback for ML-DSA-87", async () => {
    const fallback = softwareMlDsaRing();
    const seen: unknown[] = [];
    const pkcs11 = pkcs11KeyRingProvider({
      fallback: (options) => {
        seen.push(options);
        return fallback;
      },
    });
    const clock = () => new Date("2025-02-02T00:00:00.000Z");
    const ring = (await resolveKeyRing(tokens.uri("mldsa"), {
      clock,
      providers: { pkcs11 },
    })) as Pkcs11KeyRing;
    rings.push(ring);
    expect(ring.custody).toBe("hsm");
    expect((await ring.active("ed25519")).custody).toBe("hsm");
    expect((await ring.active("ml-dsa-87")).keyId).toBe((await fallback.active("ml-dsa-87")).keyId);
    expect(seen).toEqual([{ clock }]);
    await expect(resolveKeyRing(tokens.uri("mldsa"))).rejects.toMatchObject({ code: "unavailable" });
  });
});

describe("an unavailable HSM", () => {
  it("is a QRGUnavailableError when the module cannot be loaded", async () => {
    const ref = `pkcs11:token=qrg?module-path=${join(tokens.dir, "no-such-module.so")}&pin-value=1234`;
    await expect(createPkcs11KeyRing(ref)).rejects.toMatchObject({
      name: "QRGUnavailableError",
      code: "unavailable",
      message: expect.stringContaining("cannot load the PKCS#11 module"),
    });
  });

  it("is a QRGUnavailableError when no token has the label", async () => {
    await expect(createPkcs11KeyRing(tokens.uri("missing-token"))).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("no initialised PKCS#11 token matches pkcs11:token=missing-token"),
    });
  });

  // A token no ring has logged in to: PKCS#11 login state is per process, so a second login is a no-op.
  it("is a QRGUnavailableError that never echoes the PIN when the PIN is wrong", async () => {
    const failure = createPkcs11KeyRing(tokens.uri("pin", { pin: "9999" }));
    await expect(failure).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/token "pin" rejected the PIN \(CKR_PIN_INCORRECT\)/),
    });
    await expect(failure).rejects.toSatisfy((error: Error) => !error.message.includes("9999"));
  });

  it("is a config error when the pin-source file cannot be read", async () => {
    await expect(
      createPkcs11KeyRing(tokens.uri("qrg", { pinSource: join(tokens.dir, "absent-pin") })),
    ).rejects.toMatchObject({ code: "config_error" });
  });

  it("is a config error when the reference names no module", async () => {
    await expect(createPkcs11KeyRing("pkcs11:token=qrg?pin-value=1234")).rejects.toMatchObject({
      code: "config_error",
      message: expect.stringContaining("module-path"),
    });
    expect(SOFTHSM_MODULE).toMatch(/libsofthsm2\.so$/);
  });
});
