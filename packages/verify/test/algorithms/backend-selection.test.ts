import { afterEach, describe, expect, it, vi } from "vitest";
import { nodeSupports, resolveBackend } from "../../src/algorithms/backend.ts";

describe("crypto backend selection", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("prefers node:crypto, which implements all three algorithms on Node 24", () => {
    expect(nodeSupports("ml-dsa-87")).toBe(true);
    for (const algorithm of ["ed25519", "ecdsa-p256", "ml-dsa-87"] as const) {
      expect(resolveBackend(algorithm)).toBe("node");
    }
  });

  it("forces @noble process-wide with QRG_CRYPTO_BACKEND=noble", () => {
    vi.stubEnv("QRG_CRYPTO_BACKEND", "noble");
    expect(resolveBackend("ed25519")).toBe("noble");
    expect(resolveBackend("ml-dsa-87")).toBe("noble");
  });

  it("lets an explicit option win over the environment", () => {
    vi.stubEnv("QRG_CRYPTO_BACKEND", "noble");
    expect(resolveBackend("ecdsa-p256", "node")).toBe("node");
  });

  it("rejects an unknown QRG_CRYPTO_BACKEND as a configuration error", () => {
    vi.stubEnv("QRG_CRYPTO_BACKEND", "openssl");
    expect(() => resolveBackend("ed25519")).toThrow(expect.objectContaining({ code: "config_error" }));
  });
});
