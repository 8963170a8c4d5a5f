import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { QRGError, QRGUnavailableError } from "@qrg/core";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeSignWorkers } from "../../src/algorithms/index.ts";
import type { KeyRing } from "../../src/key-ring.ts";
import {
  createFallbackKeyRing,
  type FallbackKeyRingOptions,
  type KeyFallbackEvent,
} from "../../src/keys/fallback-key-ring.ts";
import { createFileKeyRing } from "../../src/keys/file-key-ring.ts";
import { tempDir } from "./helpers.ts";

afterAll(async () => {
  await closeSignWorkers();
});

/**
 * Two real file key rings: `primary` stands for the HSM/KMS, `local` for the data directory's ring. The
 * primary is made unavailable by corrupting its key index, which it re-reads on every use.
 */
describe("createFallbackKeyRing", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fallbacks: KeyFallbackEvent[];
  let providerErrors: string[];
  let localOpened: number;

  const primaryDir = () => join(dir, "primary");
  const openPrimary = async (): Promise<KeyRing> =>
    createFileKeyRing({ keysDir: primaryDir(), refreshIntervalMs: 0, offload: false });
  const openLocal = async (): Promise<KeyRing> => {
    localOpened += 1;
    return createFileKeyRing({ keysDir: join(dir, "local"), offload: false });
  };
  const makePrimaryUnavailable = () => writeFile(join(primaryDir(), "keys.json"), "not json");

  function ring(overrides: Partial<FallbackKeyRingOptions> = {}): Promise<KeyRing> {
    return createFallbackKeyRing({
      provider: "pkcs11",
      openPrimary,
      openFallback: openLocal,
      onFallback: (event) => fallbacks.push(event),
      onProviderError: (provider) => providerErrors.push(provider),
      ...overrides,
    });
  }

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    fallbacks = [];
    providerErrors = [];
    localOpened = 0;
  });

  afterEach(async () => {
    await cleanup();
  });

  it("signs with the primary while it works, never opening the fallback", async () => {
    const keys = await ring();
    const key = await keys.active("ed25519");
    expect((await (await openPrimary()).list()).map((info) => info.key_id)).toEqual([key.keyId]);
    expect(localOpened).toBe(0);
    expect(fallbacks).toEqual([]);
    expect(await keys.health()).toBe("ok");
  });

  it("falls back to the local ring when the primary becomes unavailable, reporting each fallback", async () => {
    const keys = await ring();
    const primaryKey = await keys.active("ed25519");
    await makePrimaryUnavailable();

    const fallbackKey = await keys.active("ed25519");
    expect(fallbackKey.keyId).not.toBe(primaryKey.keyId);
    expect(fallbackKey.custody).toBe("file");
    expect(fallbackKey.keyId).toBe((await (await openLocal()).active("ed25519")).keyId);
    expect(fallbacks).toEqual([
      { provider: "pkcs11", reason: expect.stringContaining("keys.json is not valid JSON") },
    ]);
    expect(providerErrors).toEqual(["pkcs11"]);

    await keys.active("ed25519");
    expect(fallbacks).toHaveLength(2);
    expect(localOpened).toBe(2); // once by the ring (cached), once by this test's comparison
  });

  it("fails with QRGUnavailableError (503) when no fallback is configured", async () => {
    const keys = await ring({ openFallback: undefined });
    await keys.active("ed25519");
    await makePrimaryUnavailable();
    const failure = keys.active("ed25519");
    await expect(failure).rejects.toBeInstanceOf(QRGUnavailableError);
    await expect(keys.active("ed25519")).rejects.toMatchObject({
      code: "unavailable",
      message: "key provider pkcs11 unavailable",
    });
    expect(fallbacks).toEqual([]);
    expect(providerErrors).toEqual(["pkcs11", "pkcs11"]);
    expect(await keys.health()).toBe("error");
  });

  it("starts on the fallback when the primary is down at start, and returns to it once it opens", async () => {
    let down = true;
    const started: KeyFallbackEvent[] = [];
    const keys = await ring({
      openPrimary: async () => {
        if (down) throw new QRGUnavailableError("token not present");
        return openPrimary();
      },
      onUnavailableAtStart: (event) => started.push(event),
    });
    expect(started).toEqual([{ provider: "pkcs11", reason: "token not present" }]);
    const fallbackKey = await keys.active("ecdsa-p256");
    expect(fallbacks).toEqual([{ provider: "pkcs11", reason: "token not present" }]);

    down = false;
    const primaryKey = await keys.active("ecdsa-p256");
    expect(primaryKey.keyId).not.toBe(fallbackKey.keyId);
    const listed = (await keys.list()).map((info) => info.key_id).sort();
    expect(listed).toEqual([fallbackKey.keyId, primaryKey.keyId].sort());
  });

  it("refuses to start when a primary that cannot come up later is down and nothing falls back", async () => {
    const unavailable = () => Promise.reject(new QRGUnavailableError("no provider registered for awskms://"));
    await expect(
      ring({
        provider: "awskms",
        openPrimary: unavailable,
        openFallback: undefined,
        primaryMayComeUp: false,
      }),
    ).rejects.toMatchObject({ code: "config_error", message: expect.stringContaining("awskms://") });
    await expect(
      ring({ provider: "awskms", openPrimary: unavailable, primaryMayComeUp: false }),
    ).resolves.toBeDefined();
  });

  it("throws a misconfigured primary at once instead of falling back", async () => {
    const misconfigured = () => Promise.reject(new QRGError("config_error", "bad pkcs11 URI"));
    await expect(ring({ openPrimary: misconfigured })).rejects.toMatchObject({ code: "config_error" });
    expect(localOpened).toBe(0);
  });

  it("rotates in the primary only", async () => {
    const keys = await ring();
    const before = await keys.active("ed25519");
    const rotated = await keys.rotate("ed25519");
    expect(rotated.key_id).not.toBe(before.keyId);
    expect((await keys.active("ed25519")).keyId).toBe(rotated.key_id);
    expect(localOpened).toBe(0);
  });
});
