import { hashBytes } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { openLogStore, startLogCommitLoop, tmpLogDir } from "./log-helpers.ts";

describe("log store: SIGKILL mid-batch", () => {
  it("every acknowledged artifact survives and validates, after repeated crashes", async () => {
    const dataDir = await tmpLogDir();
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      // 64 concurrent commits: the kill lands while a batch is being written or flushed.
      const child = startLogCommitLoop(dataDir);
      await child.waitForReports(300 + round * 200);
      child.kill();
      expect(await child.exited).toBe("SIGKILL");
      acknowledged.push(...child.reported());
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(1500);
    const store = await openLogStore(dataDir);
    for (const qrgId of acknowledged) {
      const record = await store.getRecord(qrgId);
      expect(record?.response.qrg_id).toBe(qrgId);
      const content = await store.getContent(record!.content_hash);
      expect(hashBytes("sha256", content!)).toBe(record!.content_hash);
      const attestation = await store.getAttestation(qrgId);
      expect(JSON.parse(Buffer.from(attestation!).toString())).toMatchObject({ qrg_id: qrgId });
    }
    // Whatever else the log holds (commits flushed but not yet reported) is complete and valid too.
    for await (const location of store.locations()) {
      const record = await store.getRecord(location.qrg_id);
      expect(record?.response.qrg_id).toBe(location.qrg_id);
    }
  });
});
