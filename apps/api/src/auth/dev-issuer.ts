import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { QRGError, writeFileOnce } from "@qrg/core";
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

export const DEV_ISSUER = "qrg-dev-issuer";

export interface DevIssuer {
  issuer: string;
  /** The public JWKS tokens are verified against. */
  jwks: { keys: JWK[] };
  sign(
    claims: { sub: string; tier: number; consent: string[]; scope?: string },
    options: { audience: string; ttlSeconds: number },
  ): Promise<string>;
}

/**
 * The embedded default's token issuer: an Ed25519 key kept in the data dir (0600), generated on first use.
 * Only used when neither QRG_JWKS_URL nor QRG_JWKS_FILE is set.
 */
export async function loadDevIssuer(dataDir: string): Promise<DevIssuer> {
  const dir = join(dataDir, "dev-issuer");
  const file = join(dir, "issuer.jwk.json");
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(file, "utf8")) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), alg: "EdDSA", use: "sig" };
    privateJwk.kid = `dev-${Date.now().toString(36)}`;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      await writeFileOnce(file, JSON.stringify(privateJwk), 0o600);
    } catch (error) {
      // Another process created it meanwhile: keep the first one, so every process signs with the same key.
      if (!(error instanceof QRGError && error.code === "conflict")) throw error;
      privateJwk = JSON.parse(await readFile(file, "utf8")) as JWK;
    }
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, "EdDSA");
  return {
    issuer: DEV_ISSUER,
    jwks: { keys: [publicJwk] },
    async sign(claims, { audience, ttlSeconds }) {
      return new SignJWT({
        tier: claims.tier,
        consent: claims.consent,
        ...(claims.scope ? { scope: claims.scope } : {}),
      })
        .setProtectedHeader({ alg: "EdDSA", kid: privateJwk.kid ?? "dev" })
        .setSubject(claims.sub)
        .setIssuer(DEV_ISSUER)
        .setAudience(audience)
        .setIssuedAt()
        .setNotBefore("0s")
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
  };
}
