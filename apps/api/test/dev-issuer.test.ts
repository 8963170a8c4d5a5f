import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeProtectedHeader } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { loadDevIssuer } from "../src/auth/dev-issuer.ts";

describe("dev issuer key file", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("creates the key once (mode 0600) and every concurrent loader signs with it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "qrg-dev-issuer-"));
    dirs.push(dataDir);
    const issuers = await Promise.all(Array.from({ length: 4 }, () => loadDevIssuer(dataDir)));
    const file = join(dataDir, "dev-issuer", "issuer.jwk.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, "utf8")) as { kid: string };
    for (const issuer of issuers) {
      expect(issuer.jwks.keys).toHaveLength(1);
      expect(issuer.jwks.keys[0]!.kid).toBe(stored.kid);
      expect(issuer.jwks.keys[0]).not.toHaveProperty("d");
      const token = await issuer.sign({ sub: "u", tier: 1, consent: [] }, { audience: "a", ttlSeconds: 60 });
      expect(decodeProtectedHeader(token).kid).toBe(stored.kid);
    }
    const reloaded = await loadDevIssuer(dataDir);
    expect(reloaded.jwks.keys[0]!.kid).toBe(stored.kid);
  });
});
