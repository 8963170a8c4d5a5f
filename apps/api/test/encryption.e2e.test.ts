import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { json, startTestApi } from "./support/harness.ts";

const example = readFixture<Record<string, any>>("example-request.json");

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("encryption at rest (QRG_ENCRYPTION_AT_REST=true)", () => {
  it("leaves no token text in the data dir while everything still validates", async () => {
    await using api = await startTestApi({ QRG_ENCRYPTION_AT_REST: "true" });
    const responses = [];
    for (const artifact_type of ["symbolic", "multimodal"]) {
      const res = await api.post("/api/v1/qrg/generate", {
        ...example,
        options: { ...example.options, artifact_type },
      });
      expect(res.status).toBe(200);
      responses.push(await json(res));
    }
    const tokens = new Set<string>(responses.flatMap((r) => r.symbolic_payload.tokens as string[]));
    expect(tokens.size).toBeGreaterThan(0);
    for (const file of await allFiles(api.dataDir)) {
      const text = (await readFile(file)).toString("latin1");
      for (const token of tokens) expect(text.includes(`"${token}"`), `${token} in ${file}`).toBe(false);
      expect(text.includes(example.seed), `seed in ${file}`).toBe(false);
    }
    for (const r of responses) {
      const v = await json(
        await api.post("/api/v1/qrg/validate", { qrg_id: r.qrg_id, expected_hash: r.artifact.hash }),
      );
      expect(v).toEqual({ valid: true, hash_match: true, signature_valid: true, provenance_verified: true });
      const stored = await json(await api.get(`/api/v1/qrg/artifacts/${r.qrg_id}`));
      expect(stored.symbolic_payload.tokens).toEqual(r.symbolic_payload.tokens);
      const content = await api.get(`/api/v1/qrg/artifacts/${r.qrg_id}/content`);
      expect(content.status).toBe(200);
    }
  });
});
