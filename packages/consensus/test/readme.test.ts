import { readmeTypeScriptBlocks, runTypeScriptBlock } from "@qrg/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServerHandle, startRedisServer } from "../testing/redis-server.ts";

const readme = new URL("../README.md", import.meta.url);
const packageDir = new URL("..", import.meta.url);
let redis: RedisServerHandle;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.cleanup();
});

describe("the README's example", () => {
  it("has the one example this test runs", async () => {
    expect(await readmeTypeScriptBlocks(readme)).toHaveLength(1);
  });

  it("runs a node and a coordinator on a real Redis and verifies the certificate", async () => {
    const [usage] = await readmeTypeScriptBlocks(readme);
    const { stdout } = await runTypeScriptBlock(usage!, packageDir, { QRG_REDIS_URL: redis.url });
    expect(stdout.trim()).toBe("true");
  });
});
