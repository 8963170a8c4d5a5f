// Two real API processes on different ports sharing one S3 bucket (s3rver) and one redis-server: each
// serves and validates the other's artifacts (every instance publishes its public keys to the bucket)
// and a user's quota is one allowance across both.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RedisServerHandle, startRedisServer } from "@qrg/consensus/testing";
import { startTestS3Server, type TestS3Server } from "@qrg/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDevIssuer } from "../src/auth/dev-issuer.ts";
import { type Spawned, spawnServer } from "./support/spawn-server.ts";

const CLI = join(import.meta.dirname, "..", "src", "cli.ts");
const POLICY = join(import.meta.dirname, "..", "..", "..", "packages", "gates", "data", "policy.v1.json");
const QUOTA = 5;

let redis: RedisServerHandle;
let s3: TestS3Server;
let a: Spawned;
let b: Spawned;
let token: string;
const dirs: string[] = [];

async function tmp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "qrg-scale-out-"));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  [redis, s3] = await Promise.all([startRedisServer(), startTestS3Server("qrg-scale-out")]);
  const [dirA, dirB, shared] = [await tmp(), await tmp(), await tmp()];
  // One token issuer for both instances (the dev issuer of A, copied to B); separate signing keys.
  const issuer = await loadDevIssuer(dirA);
  await mkdir(join(dirB, "dev-issuer"), { recursive: true });
  await copyFile(join(dirA, "dev-issuer", "issuer.jwk.json"), join(dirB, "dev-issuer", "issuer.jwk.json"));
  token = await issuer.sign(
    { sub: "lid:shared_user", tier: 4, consent: ["consciousness"] },
    { audience: "qrg-api", ttlSeconds: 600 },
  );
  const policy = JSON.parse(await readFile(POLICY, "utf8"));
  for (const rule of policy.rules) {
    if (rule.condition.type === "quota") rule.condition.limits_by_tier["4"] = QUOTA;
  }
  const policyFile = join(shared, "policy.json");
  await writeFile(policyFile, JSON.stringify(policy));
  const env = {
    ...s3.env,
    PORT: "0",
    HOST: "127.0.0.1",
    QRG_LOG_LEVEL: "warn",
    QRG_QUOTAS: "on",
    QRG_POLICY_FILE: policyFile,
    QRG_STORAGE: "s3",
    QRG_S3_BUCKET: s3.bucket,
    QRG_S3_ENDPOINT: s3.endpoint,
    QRG_S3_PREFIX: "e2e/",
    QRG_S3_CONDITIONAL_WRITES: "false",
    QRG_REDIS_URL: redis.url,
  };
  [a, b] = await Promise.all([
    spawnServer(CLI, ["serve"], { ...env, QRG_DATA_DIR: dirA, QRG_WORKERS: "2" }),
    spawnServer(CLI, ["serve"], { ...env, QRG_DATA_DIR: dirB, QRG_WORKERS: "1" }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([a?.[Symbol.asyncDispose](), b?.[Symbol.asyncDispose]()]);
  await Promise.allSettled([redis?.cleanup(), s3?.close()]);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const request = (seed: string) =>
  JSON.stringify({
    user_id: "lid:shared_user",
    seed,
    context: { tier_level: 4 },
    options: { entropy_source: "pseudo_rng", consensus_required: false, timeout_ms: 5000 },
  });

function post(api: Spawned, path: string, body: string): Promise<Response> {
  return fetch(`${api.url}/api/v1/qrg${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
}

describe("two API instances on one S3 bucket and one Redis", () => {
  it("serve and validate each other's artifacts and count one quota for a user", async () => {
    const fromA = await post(a, "/generate", request("scale-out-seed-from-a-0001"));
    expect(fromA.status).toBe(200);
    const artifactA = (await fromA.json()) as { qrg_id: string; artifact: { hash: string } };
    const fromB = await post(b, "/generate", request("scale-out-seed-from-b-0001"));
    expect(fromB.status).toBe(200);
    const artifactB = (await fromB.json()) as { qrg_id: string; artifact: { hash: string } };

    for (const [api, artifact] of [
      [b, artifactA],
      [a, artifactB],
    ] as const) {
      const validated = await post(
        api,
        "/validate",
        JSON.stringify({ qrg_id: artifact.qrg_id, expected_hash: artifact.artifact.hash }),
      );
      expect(validated.status).toBe(200);
      expect(await validated.json()).toMatchObject({ valid: true, signature_valid: true });
      const read = await fetch(`${api.url}/api/v1/qrg/artifacts/${artifact.qrg_id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ qrg_id: artifact.qrg_id });
    }

    // Two generations used; the remaining allowance is shared: alternate instances until refused.
    const statuses: number[] = [];
    for (let i = 0; i < QUOTA; i++) {
      const res = await post(i % 2 === 0 ? a : b, "/generate", request(`scale-out-quota-${i}-00000000`));
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
