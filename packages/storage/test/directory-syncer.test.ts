import { describe, expect, it } from "vitest";
import { DirectorySyncer } from "../src/durability/directory-syncer.ts";
import { tmpDataDir } from "./helpers/tmp-store.ts";

/** An fsync the test completes by hand, recording when each one started. */
function manualFsync() {
  const started: Array<{ finish: () => void; fail: (error: Error) => void }> = [];
  const fsync = (_path: string) =>
    new Promise<void>((resolve, reject) => {
      started.push({ finish: resolve, fail: reject });
    });
  return { fsync, started };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("DirectorySyncer", () => {
  it("fsyncs a real directory", async () => {
    const syncer = new DirectorySyncer(await tmpDataDir());
    await expect(syncer.sync()).resolves.toBeUndefined();
  });

  it("shares one fsync among callers who arrive while another is running", async () => {
    const { fsync, started } = manualFsync();
    const syncer = new DirectorySyncer("/dir", fsync);
    const first = syncer.sync();
    const waiting = Array.from({ length: 50 }, () => syncer.sync());
    expect(started).toHaveLength(1);

    let waitingDone = false;
    void Promise.all(waiting).then(() => {
      waitingDone = true;
    });
    started[0]!.finish();
    await first;
    await flush();
    // The running fsync may predate their entries: they wait for the next one, which all of them share.
    expect(waitingDone).toBe(false);
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await Promise.all(waiting);
    expect(started).toHaveLength(2);
  });

  it("starts a fresh fsync once the previous ones are done", async () => {
    const { fsync, started } = manualFsync();
    const syncer = new DirectorySyncer("/dir", fsync);
    const first = syncer.sync();
    started[0]!.finish();
    await first;
    const second = syncer.sync();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await second;
  });

  it("rejects callers whose fsync failed and recovers for the next ones", async () => {
    const { fsync, started } = manualFsync();
    const syncer = new DirectorySyncer("/dir", fsync);
    const first = syncer.sync();
    const queued = syncer.sync();
    started[0]!.fail(new Error("EIO"));
    await expect(first).rejects.toThrow("EIO");
    await flush();
    started[1]!.finish();
    await expect(queued).resolves.toBeUndefined();
  });
});
