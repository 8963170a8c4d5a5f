import { QRGGenerationError } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { generateArtifact } from "../src/index.ts";
import { input } from "./helpers.ts";

const bytes = (fill: number, length = 32) => new Uint8Array(length).fill(fill);

describe("entropy honesty", () => {
  it("records a deterministic pseudo_rng artifact as 256 key bits with no external bits and no warning", () => {
    const artifact = generateArtifact(input());
    expect(artifact.symbolic_payload.metadata.entropy).toEqual({
      requested: "pseudo_rng",
      source: "pseudo_rng",
      external_bits: 0,
    });
    expect(artifact.symbolic_payload.metadata.entropy_bits).toBe(256);
    expect(artifact.warnings).toEqual([]);
  });

  it("says the OS CSPRNG stood in for quantum_rng, and how many bits it mixed in", () => {
    const artifact = generateArtifact(
      input({ entropy: { requested: "quantum_rng", source: "os_csprng", bytes: bytes(7) } }),
    );
    expect(artifact.symbolic_payload.metadata.entropy).toEqual({
      requested: "quantum_rng",
      source: "os_csprng",
      external_bits: 256,
    });
    expect(artifact.warnings).toHaveLength(1);
    expect(artifact.warnings[0]).toMatch(/^quantum_rng unavailable: OS CSPRNG used/);
  });

  it("raises no fallback warning when a real quantum source supplied the bytes", () => {
    const artifact = generateArtifact(
      input({ entropy: { requested: "quantum_rng", source: "quantum_rng", bytes: bytes(9, 64) } }),
    );
    expect(artifact.warnings).toEqual([]);
    expect(artifact.symbolic_payload.metadata.entropy).toMatchObject({
      source: "quantum_rng",
      external_bits: 512,
    });
  });

  it("mixes the external bytes into the key: other bytes, other artifact; same bytes, same artifact", () => {
    const at = (fill: number) =>
      generateArtifact(
        input({ entropy: { requested: "quantum_rng", source: "os_csprng", bytes: bytes(fill) } }),
      );
    expect(at(1).hash).not.toBe(at(2).hash);
    expect(at(1).hash).toBe(at(1).hash);
    expect(at(1).hash).not.toBe(generateArtifact(input()).hash);
  });

  it("warns, without claiming external bits, when quantum_rng was asked for but pseudo_rng was used", () => {
    const artifact = generateArtifact(input({ entropy: { requested: "quantum_rng", source: "pseudo_rng" } }));
    expect(artifact.symbolic_payload.metadata.entropy).toEqual({
      requested: "quantum_rng",
      source: "pseudo_rng",
      external_bits: 0,
    });
    expect(artifact.warnings[0]).toMatch(
      /^quantum_rng unavailable: the deterministic seed-keyed pseudo_rng was used/,
    );
  });

  it("refuses entropy reports that do not match the bytes handed over", () => {
    expect(() =>
      generateArtifact(
        input({ entropy: { requested: "pseudo_rng", source: "pseudo_rng", bytes: bytes(1) } }),
      ),
    ).toThrow(QRGGenerationError);
    expect(() =>
      generateArtifact(input({ entropy: { requested: "quantum_rng", source: "os_csprng" } })),
    ).toThrow(/at least 16 are required/);
    expect(() =>
      generateArtifact(input({ entropy: { requested: "pseudo_rng", source: "os_csprng", bytes: bytes(1) } })),
    ).toThrow(QRGGenerationError);
  });

  it("refuses a negative or fractional complexity level and an empty seed", () => {
    expect(() => generateArtifact(input({ complexity_level: -1 }))).toThrow(QRGGenerationError);
    expect(() => generateArtifact(input({ complexity_level: 1.5 }))).toThrow(QRGGenerationError);
    expect(() => generateArtifact(input({ seed: "" }))).toThrow(QRGGenerationError);
  });
});
