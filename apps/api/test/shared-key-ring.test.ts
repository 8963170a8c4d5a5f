import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileKeyRing } from "@qrg/provenance";
import { createLogArtifactStore, type LogArtifactStore } from "@qrg/storage";
import { afterEach, describe, expect, it } from "vitest";
import { createSharedKeyRing } from "../src/shared-keys/shared-key-ring.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tmp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "qrg-shared-keys-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function store(dataDir: string): Promise<LogArtifactStore> {
  const opened = await createLogArtifactStore({ dataDir });
  cleanups.push(() => opened.close());
  return opened;
}

describe("shared key ring", () => {
  it("trusts what other instances published, signs only with its own keys, publishes rotations", async () => {
    const shared = await tmp();
    const ringA = createSharedKeyRing(createFileKeyRing({ dataDir: await tmp() }), await store(shared));
    const ringB = createSharedKeyRing(createFileKeyRing({ dataDir: await tmp() }), await store(shared), {
      maxAgeMs: 60_000,
    });
    const keyA = await ringA.active("ed25519");
    await ringA.publish();
    expect((await ringB.list()).map((k) => k.key_id)).toContain(keyA.keyId);
    const keyB = await ringB.active("ed25519");
    expect(keyB.keyId).not.toBe(keyA.keyId);

    // B read the directory a moment ago: a rotation by A shows after refresh(), not before.
    const rotated = await ringA.rotate("ed25519");
    expect((await ringB.list()).map((k) => k.key_id)).not.toContain(rotated.key_id);
    await ringB.refresh();
    const listed = await ringB.list();
    expect(listed.map((k) => k.key_id)).toContain(rotated.key_id);
    expect(listed.find((k) => k.key_id === keyA.keyId)?.status).toBe("retired");
  });
});
