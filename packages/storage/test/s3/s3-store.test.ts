import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { hashBytes } from "@qrg/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RetentionRemoval } from "../../src/retention.ts";
import {
  createS3ArtifactStore,
  type S3ArtifactStore,
  type S3ArtifactStoreOptions,
} from "../../src/s3/s3-artifact-store.ts";
import { assertInitApplied, initS3Bucket } from "../../src/s3/s3-init.ts";
import { startTestS3Server, type TestS3Server } from "../../testing/index.ts";
import { makeEntry, never } from "../helpers/entry.ts";
import { makePublicKeyInfo } from "../helpers/public-key.ts";

let server: TestS3Server;
const stores: S3ArtifactStore[] = [];
let prefixes = 0;

beforeAll(async () => {
  server = await startTestS3Server();
  Object.assign(process.env, server.env);
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

function openStore(options: Partial<S3ArtifactStoreOptions> = {}): S3ArtifactStore {
  const store = createS3ArtifactStore({
    bucket: server.bucket,
    endpoint: server.endpoint,
    prefix: `t${++prefixes}/`,
    conditionalWrites: false,
    ...options,
  });
  stores.push(store);
  return store;
}

function aged(days: number, seed: string) {
  const entry = makeEntry(seed);
  entry.record.stored_at = new Date(Date.now() - days * 86_400_000).toISOString();
  return entry;
}

async function keys(store: S3ArtifactStore): Promise<string[]> {
  const page = await store.client.send(
    new ListObjectsV2Command({ Bucket: server.bucket, Prefix: store.layout.prefix }),
  );
  return (page.Contents ?? []).map((o) => o.Key!.slice(store.layout.prefix.length)).sort();
}

describe("S3 store against a real S3-compatible server", () => {
  it("commits content, attestation and record in the spec's layout and reads them back verified", async () => {
    const store = openStore();
    const entry = makeEntry();
    await store.commit(entry, AbortSignal.timeout(5000));
    const uuid = entry.qrg_id.slice(4);
    const hex = entry.content_hash.slice("sha256:".length);
    expect(await keys(store)).toEqual(
      [`artifacts/${uuid}.json`, `artifacts/content/sha256/${hex}.bin`, `attestations/${uuid}.att`].sort(),
    );
    expect(await store.getRecord(entry.qrg_id)).toEqual(entry.record);
    const fresh = openStore({ prefix: store.layout.prefix });
    expect(await fresh.getRecord(entry.qrg_id)).toEqual(entry.record);
    expect(hashBytes("sha256", (await fresh.getContent(entry.content_hash))!)).toBe(entry.content_hash);
    expect(Buffer.from((await fresh.getAttestation(entry.qrg_id))!)).toEqual(Buffer.from(entry.attestation));
    expect(await fresh.getRecord("qrg:00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await fresh.getAttestation("qrg:00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await fresh.health()).toBe("ok");
    const sbom = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
    await fresh.putSbom(hashBytes("sha256", sbom), sbom);
    expect(Buffer.from((await store.getSbom(hashBytes("sha256", sbom)))!)).toEqual(Buffer.from(sbom));
  });

  it("is write-once across store instances", async () => {
    const a = openStore();
    const b = openStore({ prefix: a.layout.prefix });
    const entry = makeEntry();
    await a.commit(entry, never);
    await expect(b.commit(entry, never)).rejects.toMatchObject({ code: "conflict" });
    await expect(a.commit(makeEntry("s", "qrg:../x"), never)).rejects.toMatchObject({
      code: "validation_error",
    });
  });

  it("refuses to serve bytes altered in the bucket", async () => {
    const store = openStore();
    const entry = makeEntry();
    await store.commit(entry, never);
    await store.client.send(
      new PutObjectCommand({
        Bucket: server.bucket,
        Key: `${store.layout.prefix}attestations/${entry.qrg_id.slice(4)}.att`,
        Body: "forged",
      }),
    );
    await expect(store.getAttestation(entry.qrg_id)).rejects.toMatchObject({ code: "storage_error" });
    await store.client.send(
      new PutObjectCommand({
        Bucket: server.bucket,
        Key: `${store.layout.prefix}artifacts/content/sha256/${entry.content_hash.slice(7)}.bin`,
        Body: "forged",
        Metadata: { "qrg-sha256": hashBytes("sha256", new TextEncoder().encode("forged")).slice(7) },
      }),
    );
    await expect(store.getContent(entry.content_hash)).rejects.toMatchObject({ code: "storage_error" });
  });

  it("answers artifact_expired past retention, and the sweep removes it with an audit record", async () => {
    const removals: RetentionRemoval[] = [];
    const store = openStore({
      retentionDays: 90,
      onRetentionRemoval: (batch) => void removals.push(...batch),
    });
    const old = aged(95, "old-seed-000000000000");
    const young = aged(5, "young-seed-0000000000");
    await store.commit(old, never);
    await store.commit(young, never);
    await expect(store.getRecord(old.qrg_id)).rejects.toMatchObject({ code: "artifact_expired" });
    await expect(store.getAttestation(old.qrg_id)).rejects.toMatchObject({ code: "artifact_expired" });
    expect(await store.sweep()).toEqual({ artifactsRemoved: 1 });
    expect(removals).toEqual([expect.objectContaining({ qrg_id: old.qrg_id, backend: "s3" })]);
    const fresh = openStore({ prefix: store.layout.prefix });
    await expect(fresh.getRecord(old.qrg_id)).rejects.toMatchObject({ code: "artifact_expired" });
    expect(await fresh.getRecord(young.qrg_id)).toEqual(young.record);
    expect((await keys(store)).filter((k) => k.startsWith("attestations/"))).toEqual([
      `attestations/${young.qrg_id.slice(4)}.att`,
    ]);
  });

  it("answers unavailable while the server is down, retries commits within their deadline, never half-writes", async () => {
    const store = openStore();
    await store.commit(makeEntry(), never);
    await server.stop();
    try {
      const lost = makeEntry("lost-seed-0000000000");
      await expect(store.commit(lost, AbortSignal.timeout(400))).rejects.toMatchObject({
        code: "unavailable",
      });
      await expect(store.getRecord(lost.qrg_id)).rejects.toMatchObject({ code: "unavailable" });
      expect(await store.health()).toBe("error");
      const retried = makeEntry("retried-seed-0000000");
      const pending = store.commit(retried, AbortSignal.timeout(10_000));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await server.start();
      await pending;
      expect(await store.getRecord(retried.qrg_id)).toEqual(retried.record);
      expect(await store.getRecord(lost.qrg_id)).toBeUndefined();
    } finally {
      await server.start().catch(() => {});
    }
  });

  it("storage init creates a missing bucket and reports what the server cannot apply", async () => {
    const store = openStore({ bucket: "qrg-init-test" });
    expect(await store.health()).toBe("error");
    const results = await initS3Bucket(store);
    expect(results[0]).toEqual({ step: "bucket", status: "applied" });
    expect(await store.health()).toBe("ok");
    // s3rver implements neither versioning nor lifecycle configuration: init must say so, not pretend.
    expect(results.find((r) => r.step === "lifecycle")?.status).toBe("failed");
    expect(() => assertInitApplied(results)).toThrow(/lifecycle/);
  });

  it("publishes public keys for every instance on the bucket and prefix", async () => {
    const a = openStore();
    const b = openStore({ prefix: a.layout.prefix });
    const key = makePublicKeyInfo();
    await a.publishKeys([key]);
    expect(await b.publishedKeys()).toEqual([key]);
    expect(await openStore().publishedKeys()).toEqual([]);
  });
});
