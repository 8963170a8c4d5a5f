import { readFile } from "node:fs/promises";
import { type Principal, QRGError } from "@qrg/core";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import type { ApiConfig } from "../config.ts";
import { toPrincipal } from "./claims.ts";
import { DEV_ISSUER, loadDevIssuer } from "./dev-issuer.ts";

/** Asymmetric algorithms only: an HMAC "alg" or "none" must never be accepted against a public JWKS. */
export const ALLOWED_JWT_ALGORITHMS = ["EdDSA", "ES256", "ES384", "PS256", "RS256"];

/**
 * A compact JWS: three base64url segments without padding (RFC 7515 §2 forbids `=`). Checked before the
 * JOSE library sees the token, whose base64 decoding is lenient: a valid token with `==` appended would
 * otherwise verify, and the same token would have two spellings (and two cache entries).
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Tokens longer than this are refused unparsed; real Lambda ID tokens are well under 2 KiB. */
export const MAX_TOKEN_LENGTH = 8192;

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * Verifies Lambda ID JWTs: signature against the JWKS, iss, aud, exp and nbf, algorithm allow-list, and
 * the claims QRG needs. Verified tokens are cached until they expire (bounded), because signature
 * verification would otherwise be a large share of a generate request's CPU time.
 */
export function createTokenVerifier(
  keys: JWTVerifyGetKey,
  options: { issuer: string; audience: string; cacheSize?: number },
): TokenVerifier {
  const cache = new Map<string, { principal: Principal; exp: number }>();
  const cacheSize = options.cacheSize ?? 10_000;
  return {
    async verify(token) {
      const hit = cache.get(token);
      const now = Date.now() / 1000;
      if (hit && hit.exp > now) return hit.principal;
      if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
        throw new QRGError("unauthorized", "invalid token: not a compact JWS");
      }
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ALLOWED_JWT_ALGORITHMS,
          requiredClaims: ["sub", "exp"],
        }));
      } catch (error) {
        throw new QRGError("unauthorized", `invalid token: ${(error as Error).message}`, { cause: error });
      }
      let principal: Principal;
      try {
        principal = toPrincipal(payload);
      } catch (error) {
        throw new QRGError("unauthorized", "token lacks valid Lambda ID claims (sub, tier, consent)", {
          cause: error,
        });
      }
      if (typeof payload.nbf === "number" && payload.nbf > now) {
        throw new QRGError("unauthorized", "token not yet valid");
      }
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(token, { principal, exp: payload.exp as number });
      return principal;
    },
  };
}

/** Builds the verifier the configuration asks for: remote JWKS, a JWKS file, or the embedded dev issuer. */
export async function createConfiguredVerifier(config: ApiConfig): Promise<TokenVerifier> {
  if (config.QRG_JWKS_URL) {
    if (!config.QRG_JWT_ISSUER)
      throw new QRGError("config_error", "QRG_JWT_ISSUER is required with QRG_JWKS_URL");
    return createTokenVerifier(createRemoteJWKSet(new URL(config.QRG_JWKS_URL)), {
      issuer: config.QRG_JWT_ISSUER,
      audience: config.QRG_JWT_AUDIENCE,
    });
  }
  if (config.QRG_JWKS_FILE) {
    if (!config.QRG_JWT_ISSUER)
      throw new QRGError("config_error", "QRG_JWT_ISSUER is required with QRG_JWKS_FILE");
    const jwks = JSON.parse(await readFile(config.QRG_JWKS_FILE, "utf8")) as JSONWebKeySet;
    return createTokenVerifier(createLocalJWKSet(jwks), {
      issuer: config.QRG_JWT_ISSUER,
      audience: config.QRG_JWT_AUDIENCE,
    });
  }
  const dev = await loadDevIssuer(config.dataDir);
  return createTokenVerifier(createLocalJWKSet(dev.jwks as JSONWebKeySet), {
    issuer: config.QRG_JWT_ISSUER ?? DEV_ISSUER,
    audience: config.QRG_JWT_AUDIENCE,
  });
}
