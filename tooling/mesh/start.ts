// `tooling/run mesh`: a local consensus mesh on embedded defaults — redis-server, three `qrg-api node`
// processes (n1, n2, n3, each with its own data dir and key under .qrg-mesh/) and the API coordinating them
// (port 8787, QRG_DATA_DIR .qrg-data). Prints how to send a consensus request; Ctrl-C stops everything.
// QRG_MESH_API_PORT, QRG_MESH_REDIS_PORT and QRG_MESH_NODES change the ports and the node ids.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createConnection } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnApi, spawnMeshNode } from "../../apps/api/test/support/mesh-processes.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const meshDir = join(root, ".qrg-mesh");
const redisPort = Number(process.env.QRG_MESH_REDIS_PORT ?? 6390);
const apiPort = process.env.QRG_MESH_API_PORT ?? "8787";
const nodeIds = (process.env.QRG_MESH_NODES ?? "n1,n2,n3").split(",");

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function startRedis(): Promise<ChildProcess | undefined> {
  if (await answers(redisPort)) {
    process.stdout.write(`[mesh] using the Redis already listening on 127.0.0.1:${redisPort}\n`);
    return undefined;
  }
  const dir = join(meshDir, "redis");
  await mkdir(dir, { recursive: true });
  // Append-only persistence: a restarted mesh keeps its node registry and job records.
  const child = spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 200 && !(await answers(redisPort)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await answers(redisPort))) throw new Error(`redis-server did not start on port ${redisPort}`);
  return child;
}

const redis = await startRedis();
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const nodes = await Promise.all(
  nodeIds.map((nodeId) =>
    spawnMeshNode({ nodeId, redisUrl, dataDir: join(meshDir, nodeId), env: { QRG_LOG_LEVEL: "warn" } }),
  ),
);
const api = await spawnApi({
  PORT: apiPort,
  QRG_DATA_DIR: process.env.QRG_DATA_DIR ?? join(root, ".qrg-data"),
  QRG_LOG_LEVEL: process.env.QRG_LOG_LEVEL ?? "warn",
  QRG_CONSENSUS_ENABLED: "true",
  QRG_REDIS_URL: redisUrl,
  QRG_MESH_NODES: nodeIds.join(","),
});

process.stdout.write(`
QRG mesh ready: API ${api.url}, nodes ${nodeIds.join(" ")}, Redis ${redisUrl}

Send a consensus request:
  TOKEN=$(tooling/run pnpm --silent qrg-api token --sub lid:abc123def456 --tier 4)
  curl -sS -X POST ${api.url}/api/v1/qrg/generate \\
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"user_id":"lid:abc123def456","seed":"hello-mesh-consensus-01","options":{"consensus_required":true}}'
Add -H 'prefer: respond-async' for 202 + Location; then curl -H "authorization: Bearer $TOKEN" ${api.url}/api/v1/qrg/jobs/JOB_ID.
Mesh nodes: curl ${api.url}/api/v1/qrg/mesh/nodes
Ctrl-C stops the API, the nodes and Redis.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await api.stop();
  await Promise.all(nodes.map((node) => node.stop()));
  if (redis && redis.exitCode === null) {
    const exited = new Promise((r) => redis.once("exit", r));
    redis.kill("SIGTERM");
    await exited;
  }
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
