import { execFileSync } from "node:child_process";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { json, startTestApi } from "./support/harness.ts";

// Needs root to mount a small tmpfs. CI runs as root; elsewhere the suite fails in CI rather than skip.
const isRoot = process.getuid?.() === 0;
const example = readFixture<Record<string, any>>("example-request.json");

/** Fills the filesystem holding `dir` until a write fails with ENOSPC. */
async function fill(dir: string): Promise<void> {
  const handle = await open(join(dir, "filler"), "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
    // The last bytes: fill the remaining partial block too.
    for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
      await handle.write(Buffer.alloc(size, 1)).catch(() => {});
    }
  } finally {
    await handle.close();
  }
}

describe.runIf(isRoot || process.env.CI === "true")("a full disk", () => {
  it("answers 507 storage_full to writes, and to reads it cannot audit, and recovers when space returns", async () => {
    expect(isRoot, "this suite mounts a tmpfs and needs root").toBe(true);
    const mountPoint = await mkdtemp(join(tmpdir(), "qrg-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", mountPoint]);
    try {
      const api = await startTestApi({ QRG_QUOTAS: "off" }, {}, mountPoint);
      try {
        const stored = await json(await api.post("/api/v1/qrg/generate", example));
        await fill(mountPoint);
        // The log store writes into segment space it allocated ahead, so writes go on (durably) until that
        // space is used up; then the next write needs a block the disk no longer has.
        let refused: Response | undefined;
        for (let i = 0; i < 3000 && refused === undefined; i++) {
          const res = await api.post("/api/v1/qrg/generate", {
            ...example,
            seed: `${example.seed}-full-${i}`,
          });
          if (res.status === 507) refused = res;
          else {
            expect(res.status).toBe(200);
            await res.arrayBuffer();
          }
        }
        if (refused === undefined) throw new Error("3000 generations fitted on a full disk");
        expect(refused.status).toBe(507);
        expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect((await json(refused)).code).toBe("storage_full");
        // A read must be audited durably before it is answered: with no block left for its audit entry it is
        // refused the same clean way (fail closed), never served unaudited and never a 500.
        const read = await api.get(`/api/v1/qrg/artifacts/${stored.qrg_id}`);
        expect(read.status).toBe(507);
        expect((await json(read)).code).toBe("storage_full");
        await rm(join(mountPoint, "filler"));
        // Once space is back, reads and writes work again without a restart.
        expect((await api.get(`/api/v1/qrg/artifacts/${stored.qrg_id}`)).status).toBe(200);
        expect(
          (await api.post("/api/v1/qrg/generate", { ...example, seed: `${example.seed}-after` })).status,
        ).toBe(200);
      } finally {
        await api.server.close();
      }
    } finally {
      execFileSync("umount", ["-l", mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    }
  }, 180_000);
});
