import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { hashBytes } from "@qrg/core";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { generateArtifact } from "../src/index.ts";
import { input, json, text } from "./helpers.ts";

const ARTIFACT_TYPES = ["symbolic", "visual", "audio", "multimodal"] as const;

// The reference example request (`example-request.json` among @qrg/schema's test fixtures). Changing this
// hash means every artifact ever generated changes: that needs a new ENGINE_VERSION (and, if the lexicon
// changed, a new lexicon digest), never a silent edit. See "determinism" in docs/design.md.
const GOLDEN_SYMBOLIC_HASH = "sha256:a8c1e3b0c4820487800c1be3fdf117b67f515aab753fe5c8e4df634eeccbd3c8";

describe("determinism", () => {
  it("gives byte-identical content and the same hash for the same input, for every artifact type", () => {
    for (const artifact_type of ARTIFACT_TYPES) {
      const a = generateArtifact(
        input({ options: { artifact_type }, context: { intent: "ember and tide" } }),
      );
      const b = generateArtifact(
        input({ options: { artifact_type }, context: { intent: "ember and tide" } }),
      );
      expect(Buffer.from(a.content).equals(Buffer.from(b.content))).toBe(true);
      expect(a.hash).toBe(b.hash);
      expect(a.parts.map((p) => p.digest)).toEqual(b.parts.map((p) => p.digest));
    }
  });

  it("reproduces the pinned hash of the reference example request", () => {
    expect(generateArtifact(input()).hash).toBe(GOLDEN_SYMBOLIC_HASH);
  });

  it("gives the same bytes from a freshly imported engine", async () => {
    const before = generateArtifact(input({ options: { artifact_type: "multimodal" } }));
    vi.resetModules();
    const fresh = (await import("../src/index.ts")) as typeof import("../src/index.ts");
    expect(fresh.generateArtifact).not.toBe(generateArtifact);
    const after = fresh.generateArtifact(input({ options: { artifact_type: "multimodal" } }));
    expect(Buffer.from(after.content).equals(Buffer.from(before.content))).toBe(true);
  });

  it("gives the same hash in a separate node process", () => {
    const script = fileURLToPath(new URL("./print-hash.ts", import.meta.url));
    const out = execFileSync(process.execPath, [script], { encoding: "utf8", timeout: 20_000 }).trim();
    expect(out).toBe(generateArtifact(input()).hash);
  });

  it("hashes the content with the requested algorithm", () => {
    for (const hash_algorithm of ["sha256", "sha3-256", "blake3"] as const) {
      const artifact = generateArtifact(input({ options: { hash_algorithm, artifact_type: "visual" } }));
      expect(artifact.hash_algorithm).toBe(hash_algorithm);
      expect(artifact.hash).toBe(hashBytes(hash_algorithm, artifact.content));
      for (const part of artifact.parts) expect(part.digest).toBe(hashBytes(hash_algorithm, part.bytes));
    }
  });

  it("keeps ids, clocks and the raw seed out of the artifact", () => {
    const seed = "a-very-recognisable-seed-value";
    for (const artifact_type of ARTIFACT_TYPES) {
      const content = text(generateArtifact(input({ seed, options: { artifact_type } })).content);
      expect(content).not.toMatch(/qrg_id|qrg:|"time|_at"|timestamp|\d{4}-\d{2}-\d{2}T/);
      expect(content).not.toContain(seed);
    }
  });

  it("emits canonical JSON (RFC 8785): re-serialising the parsed content changes nothing", () => {
    const artifact = generateArtifact(input({ options: { artifact_type: "audio" } }));
    const parsed = json(artifact.content);
    const sortKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sortKeys)
        : value && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([k, v]) => [k, sortKeys(v)]),
            )
          : value;
    expect(JSON.stringify(sortKeys(parsed))).toBe(text(artifact.content));
  });

  it("gives different artifacts for different seeds", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 16, maxLength: 64 }),
        fc.string({ minLength: 16, maxLength: 64 }),
        (a, b) => {
          fc.pre(a !== b);
          expect(generateArtifact(input({ seed: a })).hash).not.toBe(
            generateArtifact(input({ seed: b })).hash,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
