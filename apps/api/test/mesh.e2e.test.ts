import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RedisServerHandle, startRedisServer } from "@qrg/consensus/testing";
import { readFixture } from "@qrg/schema/testing";
import { type OtlpReceiver, startOtlpReceiver } from "@qrg/telemetry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./support/harness.ts";
import { type MeshProcess, spawnMeshNode } from "./support/mesh-processes.ts";

const verifierCli = fileURLToPath(new URL("../../verifier/src/cli.ts", import.meta.url));
const defaultPolicy = fileURLToPath(new URL("../../../packages/gates/data/policy.v1.json", import.meta.url));
const example = readFixture<Record<string, any>>("example-request.json");

let redis: RedisServerHandle;
let receiver: OtlpReceiver;
let root: string;
const nodes = new Map<string, MeshProcess>();
let starting: Promise<void>[] = [];
/** The API over the honest mesh n1, n2, n3, shared by the tests that use that mesh (in order). */
let api3: TestApi;
let seedCounter = 0;

const consensusRequest = (timeoutMs = 2000) => ({
  ...example,
  seed: `mesh-seed-${process.pid}-${++seedCounter}`,
  options: { ...example.options, consensus_required: true, timeout_ms: timeoutMs },
});

/** Traces go to one OTLP receiver from the API and from every node, so one trace can be followed across them. */
const tracing = () => ({
  OTEL_TRACES_EXPORTER: "otlp",
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_BSP_SCHEDULE_DELAY: "100",
});

const METRICS_TOKEN = "mesh-metrics-token-0123456789";

async function meshApi(meshNodes: string[], env: Record<string, string> = {}): Promise<TestApi> {
  return startTestApi(
    {
      QRG_CONSENSUS_ENABLED: "true",
      QRG_REDIS_URL: redis.url,
      QRG_MESH_NODES: meshNodes.join(","),
      QRG_METRICS_TOKEN: METRICS_TOKEN,
      ...env,
    },
    { telemetryEnv: { ...process.env, QRG_LOG_LEVEL: "error", ...tracing() } },
  );
}

/** Runs qrg-verify; `token` (QRG_TOKEN) lets it read the owner's artifact from the API. */
function runVerifier(
  args: string[],
  token?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...(token ? { QRG_TOKEN: token } : {}) };
    const child = spawn(process.execPath, [verifierCli, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  redis = await startRedisServer();
  receiver = await startOtlpReceiver();
  root = await mkdtemp(join(tmpdir(), "qrg-mesh-e2e-"));
  // A byzantine node: the same policy rules written with other bytes is other data (another policy digest).
  const otherPolicy = join(root, "other-policy.json");
  await writeFile(
    otherPolicy,
    `${JSON.stringify(JSON.parse(await readFile(defaultPolicy, "utf8")), null, 4)}\n`,
  );
  const specs = [
    { nodeId: "n1" },
    { nodeId: "n2" },
    { nodeId: "n3" },
    { nodeId: "b1", env: { QRG_POLICY_FILE: otherPolicy } },
    { nodeId: "b2", env: { QRG_POLICY_FILE: otherPolicy } },
  ];
  // Each node is registered for cleanup as soon as it runs, so a failed start leaves no process behind.
  starting = specs.map(async (spec) => {
    nodes.set(
      spec.nodeId,
      await spawnMeshNode({
        ...spec,
        env: { ...tracing(), ...spec.env },
        redisUrl: redis.url,
        dataDir: join(root, spec.nodeId),
      }),
    );
  });
  await Promise.all(starting);
  api3 = await meshApi(["n1", "n2", "n3"]);
}, 180_000);

afterAll(async () => {
  await api3?.[Symbol.asyncDispose]();
  await Promise.allSettled(starting);
  await Promise.all([...nodes.values()].map((node) => node.stop()));
  await redis?.cleanup();
  await receiver?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("mesh consensus with real node processes and a real Redis", { timeout: 90_000 }, () => {
  it("three nodes agree: 200 with provenance.consensus, the job record, and a certificate the verifier passes", async () => {
    const api = api3;
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await api.post("/api/v1/qrg/generate", consensusRequest(), undefined, {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    const consensus = body.provenance.consensus;
    expect(consensus).toMatchObject({ required: true, participants: 3, agreement_score: 1 });
    expect(consensus.certificate_ref).toContain(`/api/v1/qrg/artifacts/${body.qrg_id}`);
    expect(consensus.certificate.signatures).toHaveLength(3);

    const job = (await (await api.get(`/api/v1/qrg/jobs/${consensus.job_id}`)).json()) as Record<string, any>;
    expect(job.state).toBe("completed");
    expect(job.votes.map((v: { node_id: string }) => v.node_id).sort()).toEqual(["n1", "n2", "n3"]);
    expect(job.response.qrg_id).toBe(body.qrg_id);
    // The record holds the owner's response: no token → 401, another user's token → 404 (no oracle).
    const jobPath = `/api/v1/qrg/jobs/${consensus.job_id}`;
    expect((await api.get(jobPath, {}, null)).status).toBe(401);
    const stranger = await api.token({ sub: "lid:someoneelse0001" });
    expect((await api.get(jobPath, {}, stranger)).status).toBe(404);
    // Stored with the artifact: the stored record carries the same certificate.
    const stored = (await (await api.get(`/api/v1/qrg/artifacts/${body.qrg_id}`)).json()) as Record<
      string,
      any
    >;
    expect(stored.provenance.consensus.certificate).toEqual(consensus.certificate);

    const registry = (await (await api.get("/api/v1/qrg/mesh/nodes")).json()) as Record<string, any>;
    expect(registry.quorum).toBe(2);
    const seen = registry.nodes.filter((n: { node_id: string }) => ["n1", "n2", "n3"].includes(n.node_id));
    expect(seen).toHaveLength(3);
    for (const node of seen) expect(Date.now() - Date.parse(node.last_seen)).toBeLessThan(10_000);

    // Real jobs are counted and scored.
    const metrics = await (
      await api.get("/metrics", { authorization: `Bearer ${METRICS_TOKEN}` }, null)
    ).text();
    expect(metrics).toMatch(/qrg_consensus_jobs_total\{status="submitted"\} 1\b/);
    expect(metrics).toMatch(/qrg_consensus_jobs_total\{status="completed"\} 1\b/);
    expect(metrics).toMatch(/qrg_consensus_agreement_score_bucket\{le="1"\} 1\b/);
    expect(metrics).toMatch(/qrg_consensus_agreement_score_bucket\{le="0.9"\} 0\b/);

    // One trace: the API's qrg.consensus span, a vote span per node under it, and each node's own pipeline
    // (qrg.generate in the node process) joined to the caller's trace through the job.
    await receiver.waitFor(
      () =>
        receiver.jsonSpans().filter((s) => s.traceId === traceId && s.name === "qrg.generate").length >= 4,
      15_000,
    );
    const spans = receiver.jsonSpans().filter((s) => s.traceId === traceId);
    const consensusSpan = spans.find((s) => s.name === "qrg.consensus")!;
    expect(consensusSpan).toBeDefined();
    const votes = spans.filter((s) => s.name === "qrg.consensus.vote");
    expect(votes).toHaveLength(3);
    for (const vote of votes) expect(vote.parentSpanId).toBe(consensusSpan.spanId);
    const nodeSpans = spans.filter(
      (s) => s.name === "qrg.generate" && s.parentSpanId === consensusSpan.spanId,
    );
    expect(nodeSpans).toHaveLength(3);

    const file = join(root, "response-3of3.json");
    await writeFile(file, JSON.stringify(body));
    const verified = await runVerifier([file, "--api", api.url], await api.token());
    expect(verified.stdout).toMatch(/PASS\s+consensus\.certificate\b/);
    expect(verified.code).toBe(0);

    // Offline, with a node-keys file; and a tampered certificate fails with exit 1.
    const keysFile = join(root, "node-keys.json");
    await writeFile(keysFile, JSON.stringify(registry));
    const apiKeys = join(root, "api-keys.json");
    await writeFile(apiKeys, await (await api.get("/api/v1/qrg/keys")).text());
    const content = join(root, "content.bin");
    await writeFile(content, new Uint8Array(await (await fetch(body.artifact.location)).arrayBuffer()));
    const offline = await runVerifier([
      file,
      "--keys",
      apiKeys,
      "--node-keys",
      keysFile,
      "--content",
      content,
    ]);
    expect(offline.stdout).toMatch(/PASS\s+consensus\.certificate\b/);
    const tampered = structuredClone(body);
    tampered.provenance.consensus.certificate.signatures.pop();
    tampered.provenance.consensus.certificate.signatures.pop();
    const tamperedFile = join(root, "response-tampered.json");
    await writeFile(tamperedFile, JSON.stringify(tampered));
    const failed = await runVerifier([tamperedFile, "--api", api.url], await api.token());
    expect(failed.stdout).toMatch(/FAIL\s+consensus\.certificate\b/);
    expect(failed.code).toBe(1);
  });

  it("a node with other data is outvoted: 200 at 2/3, the node named dissenting", async () => {
    await using api = await meshApi(["n1", "n2", "b1"]);
    const res = await api.post("/api/v1/qrg/generate", consensusRequest());
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.provenance.consensus).toMatchObject({ participants: 3, agreement_score: 0.6667 });
    const job = (await (
      await api.get(`/api/v1/qrg/jobs/${body.provenance.consensus.job_id}`)
    ).json()) as Record<string, any>;
    expect(job.dissenting).toEqual(["b1"]);
    expect(job.agreeing.sort()).toEqual(["n1", "n2"]);
  });

  it("two nodes with other data: 409 consensus_failed, retried once, nothing stored", async () => {
    await using api = await meshApi(["n1", "b1", "b2"]);
    const res = await api.post("/api/v1/qrg/generate", consensusRequest());
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as Record<string, any>;
    expect(problem).toMatchObject({ status: 409, participants: 3 });
    expect(problem.code).toBe("consensus_failed");
    // b1 and b2 agree with each other (2/3) but not with this API's own artifact.
    const job = (await (await api.get(`/api/v1/qrg/jobs/${problem.job_id}`)).json()) as Record<string, any>;
    expect(job.state).toBe("failed");
    expect(job.response).toBeUndefined();
    expect((await api.get(`/api/v1/qrg/artifacts/${job.qrg_id}`)).status).toBe(404);
  });

  it("asynchronously: 202 with Location, then the job completes", async () => {
    const api = api3;
    const res = await api.post("/api/v1/qrg/generate", consensusRequest(), undefined, {
      prefer: "respond-async",
    });
    expect(res.status).toBe(202);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/api\/v1\/qrg\/jobs\/[0-9a-f-]+$/);
    let job: Record<string, any> = {};
    for (let i = 0; i < 100; i++) {
      job = (await (await api.get(location)).json()) as Record<string, any>;
      if (["completed", "failed", "timeout"].includes(job.state)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job.state).toBe("completed");
    expect((await api.get(`/api/v1/qrg/artifacts/${job.response.qrg_id}`)).status).toBe(200);
  });

  it("a node killed with SIGKILL mid-job: completed by the other two within the job timeout", async () => {
    const api = api3;
    const started = Date.now();
    const pending = api.post("/api/v1/qrg/generate", consensusRequest(3000));
    await nodes.get("n3")!.kill();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(9000);
    const body = (await res.json()) as Record<string, any>;
    expect(body.provenance.consensus.agreement_score).toBeGreaterThanOrEqual(0.6667);
  });

  it("Redis restarted mid-job: the job completes or fails cleanly, and the mesh recovers", async () => {
    // n3 was killed: n1 and n2 are the quorum of 2.
    const api = api3;
    const pending = api.post("/api/v1/qrg/generate", consensusRequest(1500));
    await redis.restart();
    const res = await pending;
    const body = (await res.json()) as Record<string, any>;
    if (res.status === 200) {
      expect((await api.get(`/api/v1/qrg/artifacts/${body.qrg_id}`)).status).toBe(200);
    } else {
      expect([409, 503, 504]).toContain(res.status);
      expect(body.code).toMatch(/^(consensus_failed|consensus_timeout|unavailable)$/);
    }
    // The nodes re-register on their next heartbeat; then consensus works again.
    let after: Response | undefined;
    for (let i = 0; i < 20; i++) {
      after = await api.post("/api/v1/qrg/generate", consensusRequest(1500));
      if (after.status === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(after?.status).toBe(200);
  });

  it("no node reachable: 503 at once when none is registered, 504 at the job timeout when they died", async () => {
    await using unknown = await meshApi(["x1", "x2", "x3"]);
    const refused = await unknown.post("/api/v1/qrg/generate", consensusRequest());
    expect(refused.status).toBe(503);

    const api = api3;
    await Promise.all([nodes.get("n1")!.kill(), nodes.get("n2")!.kill()]);
    const started = Date.now();
    const res = await api.post("/api/v1/qrg/generate", consensusRequest(1000));
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(((await res.json()) as Record<string, any>).code).toBe("consensus_timeout");
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(elapsed).toBeLessThan(6000);
  });
});
