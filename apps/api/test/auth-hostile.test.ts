import { createHmac, sign as edSign, KeyObject } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, type TokenVerifier } from "../src/auth/token-verifier.ts";

// Hostile tokens an attacker would try, each of which must be refused with `unauthorized`.
const ISSUER = "https://id.example";
const AUDIENCE = "qrg-api";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

let verifier: TokenVerifier;
let publicJwk: JWK;
let sign: (claims?: Record<string, unknown>, header?: Record<string, unknown>) => Promise<string>;
let foreignSign: (claims?: Record<string, unknown>) => Promise<string>;
/** Signs exactly the header and payload given (no library checks in the way). */
let raw: (header: Record<string, unknown>, payload: Record<string, unknown>) => string;

const goodClaims = () => ({ sub: "lid:alice", tier: 4, consent: ["consciousness"] });

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  publicJwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "EdDSA" };
  verifier = createTokenVerifier(createLocalJWKSet({ keys: [publicJwk] } as JSONWebKeySet), {
    issuer: ISSUER,
    audience: AUDIENCE,
  });
  const make =
    (key: Parameters<SignJWT["sign"]>[0]) =>
    async (claims: Record<string, unknown> = goodClaims(), header = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "EdDSA", kid: "k1", ...header })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(key);
  sign = make(privateKey);
  raw = (header, payload) => {
    const input = `${b64(header)}.${b64(payload)}`;
    const signature = edSign(
      null,
      Buffer.from(input),
      KeyObject.from(privateKey as Parameters<typeof KeyObject.from>[0]),
    );
    return `${input}.${signature.toString("base64url")}`;
  };
  foreignSign = make((await generateKeyPair("EdDSA", { crv: "Ed25519" })).privateKey);
});

function hs256(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Buffer) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

const fullPayload = (extra: Record<string, unknown> = {}) => ({
  ...goodClaims(),
  iss: ISSUER,
  aud: AUDIENCE,
  iat: now(),
  exp: now() + 300,
  ...extra,
});

const hostile: [string, () => Promise<string>][] = [
  ["alg none, no signature", async () => `${b64({ alg: "none" })}.${b64(fullPayload())}.`],
  ["alg none with a signature segment", async () => `${b64({ alg: "none" })}.${b64(fullPayload())}.AAAA`],
  ["alg NONE (case games)", async () => `${b64({ alg: "NONE" })}.${b64(fullPayload())}.`],
  [
    "HS256 keyed with the public key's x (key confusion)",
    async () => hs256({ alg: "HS256", kid: "k1" }, fullPayload(), publicJwk.x!),
  ],
  [
    "HS256 keyed with the JWKS JSON",
    async () => hs256({ alg: "HS256", kid: "k1" }, fullPayload(), JSON.stringify({ keys: [publicJwk] })),
  ],
  ["HS256 keyed with the empty string", async () => hs256({ alg: "HS256" }, fullPayload(), "")],
  ["signed by a foreign key with the same kid", () => foreignSign()],
  ["expired", async () => raw({ alg: "EdDSA", kid: "k1" }, fullPayload({ exp: now() - 10 }))],
  [
    "exp as a string",
    async () => raw({ alg: "EdDSA", kid: "k1" }, fullPayload({ exp: String(now() + 300) })),
  ],
  ["no exp at all", async () => raw({ alg: "EdDSA", kid: "k1" }, fullPayload({ exp: undefined }))],
  ["not yet valid", async () => sign({ ...goodClaims(), nbf: now() + 3600 })],
  [
    "wrong issuer",
    async () => new SignJWT(goodClaims()).setProtectedHeader({ alg: "HS256" }).sign(new Uint8Array(32)),
  ],
  [
    "payload swapped under a valid signature (tier 5)",
    async () => {
      const [h, , s] = (await sign()).split(".");
      return `${h}.${b64(fullPayload({ tier: 5 }))}.${s}`;
    },
  ],
  ["valid token with == appended", async () => `${await sign()}==`],
  ["valid token with = appended", async () => `${await sign()}=`],
  ["valid token with a trailing dot", async () => `${await sign()}.`],
  ["valid token with a fourth segment", async () => `${await sign()}.AAAA`],
  ["valid token with whitespace inside", async () => (await sign()).replace(".", ". ")],
  [
    "valid token in standard base64 (+/)",
    async () => (await sign()).replaceAll("-", "+").replaceAll("_", "/"),
  ],
  ["empty signature", async () => `${(await sign()).split(".").slice(0, 2).join(".")}.`],
  ["signature truncated", async () => (await sign()).slice(0, -4)],
  [
    "header jwk embedding the attacker's key",
    async () => {
      const attacker = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
      return new SignJWT(goodClaims())
        .setProtectedHeader({ alg: "EdDSA", jwk: await exportJWK(attacker.publicKey) })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime("5m")
        .sign(attacker.privateKey);
    },
  ],
  [
    "crit header naming an unknown extension",
    async () => raw({ alg: "EdDSA", kid: "k1", crit: ["x-qrg"], "x-qrg": true }, fullPayload()),
  ],
  [
    "b64:false unencoded payload",
    async () => raw({ alg: "EdDSA", kid: "k1", b64: false, crit: ["b64"] }, fullPayload()),
  ],
  [
    "alg switched to ES256 over an EdDSA signature",
    async () => {
      const [, p, s] = raw({ alg: "EdDSA", kid: "k1" }, fullPayload()).split(".");
      return `${b64({ alg: "ES256", kid: "k1" })}.${p}.${s}`;
    },
  ],
  ["missing sub", async () => sign({ tier: 4, consent: [] })],
  ["sub not a Lambda ID", async () => sign({ ...goodClaims(), sub: "admin" })],
  ["tier out of range", async () => sign({ ...goodClaims(), tier: 9 })],
  ["tier as a string", async () => sign({ ...goodClaims(), tier: "5" })],
  ["consent not an array", async () => sign({ ...goodClaims(), consent: "consciousness" })],
  [
    "wrong audience",
    async () =>
      new SignJWT(goodClaims())
        .setProtectedHeader({ alg: "EdDSA" })
        .setIssuer(ISSUER)
        .setAudience("other")
        .sign((await generateKeyPair("EdDSA", { crv: "Ed25519" })).privateKey),
  ],
  ["oversized token", async () => `${await sign()}${"A".repeat(20_000)}`],
  ["not a token at all", async () => "hello"],
  ["three empty segments", async () => ".."],
  [
    "header that is not JSON",
    async () => `${Buffer.from("{oops").toString("base64url")}.${b64(fullPayload())}.AAAA`,
  ],
];

describe("hostile JWTs", () => {
  it("accepts the well-formed control token", async () => {
    await expect(verifier.verify(await sign())).resolves.toMatchObject({ sub: "lid:alice", tier: 4 });
  });

  it.each(hostile)("refuses %s", async (_name, build) => {
    const token = await build();
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("refuses a padded spelling of a token that was already verified and cached", async () => {
    const token = await sign();
    await verifier.verify(token);
    await expect(verifier.verify(`${token}==`)).rejects.toMatchObject({ code: "unauthorized" });
  });
});
