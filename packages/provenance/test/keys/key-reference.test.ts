import { access } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeSignWorkers } from "../../src/algorithms/index.ts";
import type { KeyRing } from "../../src/key-ring.ts";
import { keyReferenceScheme, resolveKeyRing } from "../../src/keys/index.ts";
import { tempDir } from "./helpers.ts";

afterAll(async () => {
  await closeSignWorkers();
});

describe("key references", () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it("opens a file key ring in the directory a file:// URL names, whatever the data directory", async () => {
    const keysDir = join(dir, "prod-keys");
    const ring = await resolveKeyRing(pathToFileURL(keysDir).href, { dataDir: join(dir, "data") });
    const key = await ring.active("ed25519");
    await expect(access(join(keysDir, "keys.json"))).resolves.toBeUndefined();
    await expect(access(join(dir, "data", "keys"))).rejects.toThrow();
    expect((await ring.list()).map((info) => info.key_id)).toEqual([key.keyId]);
  });

  it("treats a bare path as a file key ring directory", async () => {
    const ring = await resolveKeyRing(join(dir, "bare"));
    await ring.active("ecdsa-p256");
    await expect(access(join(dir, "bare", "keys.json"))).resolves.toBeUndefined();
  });

  it.each(["awskms", "gcpkms", "azurekms", "hashivault"])(
    "recognises %s:// references and fails clearly without a provider",
    async (scheme) => {
      await expect(resolveKeyRing(`${scheme}://some/key`)).rejects.toMatchObject({
        code: "unavailable",
        message: `no provider registered for ${scheme}:// key references`,
      });
    },
  );

  it("fails clearly for pkcs11: references when no PKCS#11 provider is passed", async () => {
    await expect(resolveKeyRing("pkcs11:token=qrg;object=signing")).rejects.toMatchObject({
      code: "unavailable",
      message: "no provider registered for pkcs11: key references",
    });
  });

  it("delegates to the provider passed for the scheme, with the reference and options", async () => {
    const ring = { health: async () => "ok" } as unknown as KeyRing;
    const factory = vi.fn(() => ring);
    const clock = () => new Date(0);
    const ref = "awskms:///arn:aws:kms:eu-west-1:1:key/abc";
    await expect(resolveKeyRing(ref, { clock, providers: { awskms: factory } })).resolves.toBe(ring);
    expect(factory).toHaveBeenCalledWith(ref, { clock });
    await expect(resolveKeyRing("awskms:///arn")).rejects.toMatchObject({ code: "unavailable" });
  });

  it("keeps file references built in whatever providers are passed", async () => {
    const factory = vi.fn(() => ({}) as KeyRing);
    const ring = await resolveKeyRing(pathToFileURL(join(dir, "builtin")).href, {
      providers: { file: factory },
    });
    await ring.active("ed25519");
    expect(factory).not.toHaveBeenCalled();
  });

  it("rejects an unknown scheme, listing what is supported", async () => {
    await expect(resolveKeyRing("vault2://key")).rejects.toMatchObject({
      code: "config_error",
      message: expect.stringMatching(/unsupported key reference scheme "vault2:".*file:\/\/.*awskms:\/\//),
    });
    await expect(resolveKeyRing("  ")).rejects.toMatchObject({ code: "config_error" });
  });

  it("reads schemes, leaving paths and Windows drive letters alone", () => {
    expect(keyReferenceScheme("AWSKMS://x")).toBe("awskms");
    expect(keyReferenceScheme("pkcs11:token=a")).toBe("pkcs11");
    expect(keyReferenceScheme("/var/lib/qrg/keys")).toBeUndefined();
    expect(keyReferenceScheme("C:\\qrg\\keys")).toBeUndefined();
  });
});
