import { verifyCertificate } from "@qrg/verify";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AgreedResult, ConsensusCoordinator } from "../src/coordinator.ts";
import { MeshNode, type NodePipeline } from "../src/node-worker.ts";
import type { VoteSigner } from "../src/signer.ts";
import { type RedisServerHandle, startRedisServer } from "../testing/redis-server.ts";
import { newSigner, payloadFor } from "./support/votes.ts";

let redis: RedisServerHandle;
let prefixCounter = 0;
const running: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await redis?.cleanup();
});

/** The honest pipeline: votes for the payload its data gives; `data` differs only on a byzantine node. */
const pipelineOver =
  (data: string): NodePipeline =>
  async (job) => {
    const { seed } = job.request as { seed: string };
    return { payload: payloadFor(seed, data), result: { seed, by: data } };
  };

/** A node that takes the job and never answers (it stops only when the job's deadline aborts it). */
const hanging: NodePipeline = (job) =>
  new Promise((_, reject) => job.signal.addEventListener("abort", () => reject(job.signal.reason)));

interface Mesh {
  prefix: string;
  coordinator: ConsensusCoordinator;
  signers: Map<string, VoteSigner>;
}

async function mesh(
  pipelines: Record<string, NodePipeline | null>,
  options: { retries?: number } = {},
): Promise<Mesh> {
  const prefix = `t${++prefixCounter}`;
  const signers = new Map<string, VoteSigner>();
  for (const [nodeId, pipeline] of Object.entries(pipelines)) {
    const signer = newSigner(nodeId === "n2" ? "ecdsa-p256" : "ed25519");
    signers.set(nodeId, signer);
    if (!pipeline) continue; // a node that is down
    const node = new MeshNode({ nodeId, redis: { url: redis.url, prefix }, signer, pipeline });
    await node.start();
    running.push(node);
  }
  const coordinator = new ConsensusCoordinator({
    redis: { url: redis.url, prefix },
    nodes: Object.keys(pipelines),
    settleMs: 300,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
  });
  running.push(coordinator);
  await coordinator.ready();
  return { prefix, coordinator, signers };
}

const commit = async (agreed: AgreedResult) => ({
  response: { agreed: agreed.payload.artifact_hash },
  certificateRef: `cert:${agreed.jobId}`,
});

describe("mesh consensus on a real Redis", () => {
  it("three honest nodes agree: completed, 3/3, a certificate that verifies with the registered keys", async () => {
    const { coordinator } = await mesh({
      n1: pipelineOver("v1"),
      n2: pipelineOver("v1"),
      n3: pipelineOver("v1"),
    });
    const states: string[] = [];
    const started = Date.now();
    const outcome = await coordinator.run({ request: { seed: "alpha" }, timeoutMs: 5000, commit });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome.status).toBe("completed");
    if (outcome.status !== "completed") return;
    expect(outcome.record.agreement_score).toBe(1);
    expect(outcome.record.dissenting).toEqual([]);
    expect(outcome.record.agreeing?.sort()).toEqual(["n1", "n2", "n3"]);
    expect(outcome.response).toEqual({ agreed: payloadFor("alpha", "v1").artifact_hash });

    const keys = await coordinator.listNodes();
    expect(keys.map((k) => k.node_id)).toEqual(["n1", "n2", "n3"]);
    expect(keys.find((k) => k.node_id === "n2")?.algorithm).toBe("ecdsa-p256");
    const verified = verifyCertificate(outcome.certificate, keys, {
      artifactHash: payloadFor("alpha", "v1").artifact_hash!,
    });
    expect(verified.valid).toBe(true);
    expect(verified.signers).toHaveLength(3);

    const stored = await coordinator.jobs.get(outcome.record.job_id);
    expect(stored?.state).toBe("completed");
    expect(stored?.certificate_ref).toBe(`cert:${outcome.record.job_id}`);
    expect(stored?.votes.map((v) => v.valid)).toEqual([true, true, true]);
    states.push(stored?.state ?? "");
    expect(states).toEqual(["completed"]);
  });

  it("walks the lifecycle in order", async () => {
    const seen: string[] = [];
    const prefix = `t${++prefixCounter}`;
    for (const nodeId of ["n1", "n2", "n3"]) {
      const node = new MeshNode({
        nodeId,
        redis: { url: redis.url, prefix },
        signer: newSigner(),
        pipeline: pipelineOver("v1"),
      });
      await node.start();
      running.push(node);
    }
    const coordinator = new ConsensusCoordinator({
      redis: { url: redis.url, prefix },
      nodes: ["n1", "n2", "n3"],
      observer: { state: (record) => seen.push(record.state) },
    });
    running.push(coordinator);
    await coordinator.ready();
    const outcome = await coordinator.run({ request: { seed: "lifecycle" }, timeoutMs: 5000, commit });
    expect(outcome.status).toBe("completed");
    expect(seen.filter((s, i) => s !== seen[i - 1])).toEqual([
      "submitted",
      "distributed",
      "generating",
      "voting",
      "consensus",
      "completed",
    ]);
  });

  it("a node with different data is outvoted and named dissenting (2/3)", async () => {
    const { coordinator } = await mesh({
      n1: pipelineOver("v1"),
      n2: pipelineOver("v1"),
      n3: pipelineOver("tampered"),
    });
    const outcome = await coordinator.run({ request: { seed: "beta" }, timeoutMs: 5000, commit });
    expect(outcome.status).toBe("completed");
    expect(outcome.record.dissenting).toEqual(["n3"]);
    expect(outcome.record.agreement_score).toBeCloseTo(0.6667, 4);
    expect(outcome.record.participants).toBe(3);
    if (outcome.status === "completed")
      expect(outcome.certificate.signatures.map((s) => s.node_id).sort()).toEqual(["n1", "n2"]);
  });

  it("two dissenters: retried once, then failed with both named, and nothing committed", async () => {
    const { coordinator } = await mesh({
      n1: pipelineOver("v1"),
      n2: pipelineOver("other"),
      n3: pipelineOver("tampered"),
    });
    let commits = 0;
    const outcome = await coordinator.run({
      request: { seed: "gamma" },
      timeoutMs: 5000,
      commit: async (agreed) => {
        commits++;
        return commit(agreed);
      },
    });
    expect(outcome.status).toBe("failed");
    expect(commits).toBe(0);
    expect(outcome.record.attempt).toBe(2);
    expect(outcome.record.votes).toHaveLength(6);
    expect(outcome.record.error?.code).toBe("consensus_failed");
    expect(outcome.record.dissenting?.length).toBe(2);
    expect(outcome.record.agreement_score).toBeCloseTo(0.3333, 4);
    expect((await coordinator.jobs.get(outcome.record.job_id))?.state).toBe("failed");
  });

  it("a node that never answers: completed by the other two well within the job timeout", async () => {
    const { coordinator } = await mesh({ n1: pipelineOver("v1"), n2: hanging, n3: pipelineOver("v1") });
    const started = Date.now();
    const outcome = await coordinator.run({ request: { seed: "delta" }, timeoutMs: 6000, commit });
    expect(outcome.status).toBe("completed");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome.record.missing).toEqual(["n2"]);
    expect(outcome.record.agreement_score).toBeCloseTo(0.6667, 4);
  });

  it("a quorum of gate rejections is an agreed rejection", async () => {
    const { coordinator } = await mesh({
      n1: pipelineOver("v1"),
      n2: pipelineOver("v1"),
      n3: pipelineOver("v1"),
    });
    const outcome = await coordinator.run({ request: { seed: "reject-me" }, timeoutMs: 5000, commit });
    expect(outcome.status).toBe("completed");
    if (outcome.status === "completed") expect(outcome.certificate.payload.outcome).toBe("rejected");
  });

  it("a vote signed with a key other than the registered one does not count", async () => {
    const { coordinator, prefix } = await mesh({
      n1: pipelineOver("v1"),
      n2: pipelineOver("v1"),
      n3: pipelineOver("v1"),
    });
    // n3's registry entry now names another key, as if its key had been swapped without re-registering.
    const client = new Redis(redis.url);
    const registered = JSON.parse((await client.hget(`${prefix}:nodes`, "n3")) ?? "{}");
    const impostor = newSigner();
    await client.hset(
      `${prefix}:nodes`,
      "n3",
      JSON.stringify({ ...registered, key_id: impostor.keyId, public_key_pem: impostor.publicKeyPem }),
    );
    client.disconnect();
    const outcome = await coordinator.run({ request: { seed: "epsilon" }, timeoutMs: 5000, commit });
    expect(outcome.status).toBe("completed");
    expect(outcome.record.dissenting).toEqual(["n3"]);
    expect(outcome.record.votes.find((v) => v.node_id === "n3")?.error).toMatch(/registered key/);
  });

  it("every node down: timeout at the job timeout, nothing committed", async () => {
    const { coordinator } = await mesh({ n1: null, n2: null, n3: null });
    const started = Date.now();
    const outcome = await coordinator.run({
      request: { seed: "zeta" },
      timeoutMs: 1200,
      commit: async () => {
        throw new Error("must not commit");
      },
    });
    const elapsed = Date.now() - started;
    expect(outcome.status).toBe("timeout");
    expect(elapsed).toBeGreaterThanOrEqual(1150);
    expect(elapsed).toBeLessThan(2500);
    expect(outcome.record.missing?.sort()).toEqual(["n1", "n2", "n3"]);
    expect((await coordinator.jobs.get(outcome.record.job_id))?.state).toBe("timeout");
  });

  it("keeps a problem for a job its caller answered outside the mesh", async () => {
    const { coordinator } = await mesh({ n1: null, n2: null, n3: null });
    const submitted = await coordinator.recordSubmitted("job-outside", 1000);
    expect((await coordinator.jobs.get("job-outside"))?.state).toBe(submitted.state);
    const body = {
      type: "https://qrg.dev/problems/safety_rejection",
      status: 422,
      detail: "rejected by CG-1",
    };
    await coordinator.recordProblem("job-outside", { status: 422, body }, 1000);
    const record = await coordinator.jobs.get("job-outside");
    expect(record?.state).toBe("failed");
    expect(record?.problem).toEqual({ status: 422, body });
    expect(record?.error).toEqual({ code: "rejected", detail: "rejected by CG-1" });
  });
});
