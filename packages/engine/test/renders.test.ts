import { hashBytes, QRGValidationError } from "@qrg/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MANIFEST_CONTENT_TYPE } from "../src/generate.ts";
import { contrastRatio, generateArtifact, relativeLuminance } from "../src/index.ts";
import { HIGH_CONTRAST, MIN_CONTRAST } from "../src/palette.ts";
import { MAX_AUDIO_SECONDS, SAMPLE_RATE } from "../src/wav.ts";
import { adapted, input, json, text } from "./helpers.ts";

const seed = fc.string({ minLength: 16, maxLength: 48 });
const state = fc.record({
  v: fc.double({ min: -1, max: 1, noNaN: true }),
  l: fc.double({ min: 0, max: 1, noNaN: true }),
  f: fc.double({ min: 0, max: 1, noNaN: true }),
});
const needs = fc.subarray(["high_contrast", "screen_reader", "reduced_motion"]);

function svgOf(seedValue: string, s: { v: number; l: number; f: number }, accessibility_needs: string[]) {
  const artifact = generateArtifact(
    input({
      seed: seedValue,
      consciousness: adapted(s.v, s.l, s.f),
      options: { artifact_type: "visual" },
      context: { cultural_context: { accessibility_needs } },
    }),
  );
  const part = artifact.parts.find((p) => p.kind === "svg");
  if (!part) throw new Error("no svg part");
  return { artifact, svg: text(part.bytes) };
}

/** Every colour the SVG paints with; the background is the full-size rect's fill. */
function colours(svg: string) {
  const background = /<rect [^>]*fill="(#[0-9a-f]{6})"/.exec(svg)?.[1];
  const all = [...svg.matchAll(/(?:fill|stroke)="([^"]+)"/g)].map((m) => m[1]!).filter((c) => c !== "none");
  return { background, foreground: [...new Set(all)].filter((c) => c !== background) };
}

describe("contrastRatio and relativeLuminance (WCAG 2.2)", () => {
  it("rates black on white 21:1, a colour on itself 1:1, and #767676 on white just above 4.5:1", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    expect(contrastRatio("#fff", "#000")).toBeCloseTo(21, 10);
    expect(contrastRatio("#3a7bd5", "#3A7BD5")).toBe(1);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
    expect(relativeLuminance("#ffffff")).toBe(1);
    expect(relativeLuminance("#000")).toBe(0);
  });

  it("refuses what is not a hex colour", () => {
    expect(() => contrastRatio("red", "#fff")).toThrow(QRGValidationError);
    expect(() => relativeLuminance("#12345")).toThrow(QRGValidationError);
  });
});

describe("visual render (SVG)", () => {
  it("contains no script, event handler, link, external reference or foreign content", () => {
    fc.assert(
      fc.property(seed, state, needs, fc.string({ maxLength: 80 }), (s, st, n, intentText) => {
        const artifact = generateArtifact(
          input({
            seed: s,
            consciousness: adapted(st.v, st.l, st.f),
            options: { artifact_type: "visual" },
            context: {
              intent: `<script>alert(1)</script> ${intentText} onload=x javascript:`,
              cultural_context: { accessibility_needs: n },
            },
          }),
        );
        const svg = text(artifact.parts[0]!.bytes);
        expect(svg).not.toMatch(/<script|<foreignObject|<iframe|<image|<use|<a[\s>]|<style/i);
        expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
        expect(svg).not.toMatch(/href|url\(|javascript:|data:|@import/i);
        // The only URL is the SVG namespace, which is a name, never fetched.
        expect([...svg.matchAll(/https?:\/\/[^"\s]+/g)].map((m) => m[0])).toEqual([
          "http://www.w3.org/2000/svg",
        ]);
        expect(svg.startsWith("<svg ")).toBe(true);
        expect(svg.endsWith("</svg>")).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("reaches 7:1 contrast for every colour against the background when high contrast is needed", () => {
    fc.assert(
      fc.property(seed, state, (s, st) => {
        const { svg, artifact } = svgOf(s, st, ["high_contrast"]);
        const { background, foreground } = colours(svg);
        expect(background).toBeDefined();
        expect(foreground.length).toBeGreaterThan(0);
        for (const colour of foreground)
          expect(contrastRatio(colour, background!)).toBeGreaterThanOrEqual(HIGH_CONTRAST);
        expect(json(artifact.content).render).toMatchObject({ palette: { min_contrast: 7 } });
      }),
      { numRuns: 150 },
    );
  });

  it("still reaches 4.5:1 for every colour without a high-contrast need", () => {
    fc.assert(
      fc.property(seed, state, (s, st) => {
        const { background, foreground } = colours(svgOf(s, st, []).svg);
        for (const colour of foreground)
          expect(contrastRatio(colour, background!)).toBeGreaterThanOrEqual(MIN_CONTRAST);
      }),
      { numRuns: 150 },
    );
  });

  it("always carries a non-empty title and description, which the text alternative and visible texts repeat", () => {
    for (const n of [[], ["screen_reader"]]) {
      const { svg, artifact } = svgOf("title-and-desc-seed-0001", { v: 0.2, l: 0.4, f: 0.6 }, n);
      const title = /<title id="qrg-title">([^<]+)<\/title>/.exec(svg)?.[1];
      const desc = /<desc id="qrg-desc">([^<]+)<\/desc>/.exec(svg)?.[1];
      expect(title).toMatch(/^QRG glyph: \S/);
      expect(desc!.length).toBeGreaterThan(40);
      expect(svg).toContain('role="img"');
      expect(artifact.text_alternative).toBe(desc);
      expect(artifact.visible_texts).toEqual(
        expect.arrayContaining([title, desc, ...artifact.symbolic_payload.tokens]),
      );
      for (const token of artifact.symbolic_payload.tokens) expect(desc).toContain(token);
    }
  });

  it("animates only without a reduced-motion need, and says so", () => {
    const moving = svgOf("motion-seed-000000001", { v: 0, l: 0.5, f: 0.5 }, []);
    const still = svgOf("motion-seed-000000001", { v: 0, l: 0.5, f: 0.5 }, [
      "reduced_motion",
      "high_contrast",
    ]);
    expect(moving.artifact.animated).toBe(true);
    expect(moving.svg).toContain("<animateTransform");
    expect(still.artifact.animated).toBe(false);
    expect(still.svg).not.toMatch(/<animate|<set /);
  });

  it("lets no markup from the intent reach the SVG", () => {
    const withIntent = generateArtifact(
      input({
        seed: "escape-seed-0000000002",
        options: { artifact_type: "visual" },
        context: { intent: "tom & jerry's <ember>" },
      }),
    );
    const out = text(withIntent.parts[0]!.bytes);
    expect(out).not.toMatch(/<ember>|jerry's| & /);
    expect(withIntent.intent_words).toEqual(["tom", "jerry", "ember"]);
  });
});

function parseWav(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  return {
    riff: ascii(0),
    riffSize: view.getUint32(4, true),
    wave: ascii(8),
    fmt: ascii(12),
    fmtSize: view.getUint32(16, true),
    format: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    sampleRate: view.getUint32(24, true),
    byteRate: view.getUint32(28, true),
    blockAlign: view.getUint16(32, true),
    bits: view.getUint16(34, true),
    data: ascii(36),
    dataSize: view.getUint32(40, true),
    samples: Array.from({ length: (bytes.length - 44) / 2 }, (_, i) => view.getInt16(44 + 2 * i, true)),
  };
}

describe("audio render (WAV)", () => {
  it("is a valid 16-bit PCM mono RIFF/WAVE file of 2 to 5 seconds with audible, unclipped samples", () => {
    fc.assert(
      fc.property(seed, state, fc.integer({ min: 0, max: 4 }), (s, st, lvl) => {
        const artifact = generateArtifact(
          input({
            seed: s,
            consciousness: adapted(st.v, st.l, st.f),
            options: { artifact_type: "audio" },
            complexity_level: lvl,
          }),
        );
        const part = artifact.parts.find((p) => p.kind === "wav")!;
        expect(part.content_type).toBe("audio/wav");
        const wav = parseWav(part.bytes);
        expect([wav.riff, wav.wave, wav.fmt, wav.data]).toEqual(["RIFF", "WAVE", "fmt ", "data"]);
        expect(wav.riffSize).toBe(part.bytes.length - 8);
        expect([wav.fmtSize, wav.format, wav.channels, wav.bits]).toEqual([16, 1, 1, 16]);
        expect(wav.sampleRate).toBe(SAMPLE_RATE);
        expect(wav.byteRate).toBe(SAMPLE_RATE * 2);
        expect(wav.blockAlign).toBe(2);
        expect(wav.dataSize).toBe(part.bytes.length - 44);
        const seconds = wav.dataSize / 2 / SAMPLE_RATE;
        expect(seconds).toBeGreaterThanOrEqual(2);
        expect(seconds).toBeLessThanOrEqual(MAX_AUDIO_SECONDS);
        const peak = Math.max(...wav.samples.map(Math.abs));
        expect(peak).toBeGreaterThan(2000);
        expect(peak).toBeLessThan(32767);
        expect(artifact.text_alternative).toMatch(/^A \d\.\d-second .* tone sequence of \d+ notes?/);
      }),
      { numRuns: 25 },
    );
  });

  it("describes the audio with its words and duration", () => {
    const artifact = generateArtifact(input({ options: { artifact_type: "audio" } }));
    const seconds = (json(artifact.content).render as { audio: { seconds: number } }).audio.seconds;
    expect(artifact.text_alternative).toContain(`${seconds.toFixed(1)}-second`);
    for (const token of artifact.symbolic_payload.tokens) expect(artifact.text_alternative).toContain(token);
    expect(artifact.animated).toBe(false);
  });
});

describe("artifact formats", () => {
  it("makes a symbolic artifact one canonical JSON document with no parts", () => {
    const artifact = generateArtifact(input());
    expect(artifact.content_type).toBe("application/json");
    expect(artifact.parts).toEqual([]);
    const doc = json(artifact.content);
    expect(Object.keys(doc).sort()).toEqual(["affect_vector", "metadata", "tokens", "type", "version"]);
    expect(doc.tokens).toEqual(artifact.symbolic_payload.tokens);
    expect(doc.affect_vector).toEqual(artifact.symbolic_payload.affect_vector);
    expect(doc.metadata).toEqual(artifact.symbolic_payload.metadata);
    expect(artifact.text_alternative).toBeUndefined();
    expect(artifact.visible_texts).toEqual(artifact.symbolic_payload.tokens);
  });

  it("lists in the multimodal manifest the exact digest and size of every part, symbolic, SVG and WAV", () => {
    fc.assert(
      fc.property(seed, fc.constantFrom("sha256", "sha3-256", "blake3" as const), (s, hash_algorithm) => {
        const artifact = generateArtifact(
          input({ seed: s, options: { artifact_type: "multimodal", hash_algorithm } }),
        );
        expect(artifact.content_type).toBe(MANIFEST_CONTENT_TYPE);
        expect(artifact.hash).toBe(hashBytes(hash_algorithm, artifact.content));
        const manifest = json(artifact.content) as {
          parts: { kind: string; content_type: string; digest: string; size_bytes: number }[];
          text_alternative: string;
          type: string;
        };
        expect(manifest.type).toBe("multimodal");
        expect(manifest.parts.map((p) => p.kind)).toEqual(["symbolic", "svg", "wav"]);
        manifest.parts.forEach((listed, i) => {
          const part = artifact.parts[i]!;
          expect(listed).toEqual({
            kind: part.kind,
            content_type: part.content_type,
            digest: hashBytes(hash_algorithm, part.bytes),
            size_bytes: part.bytes.length,
          });
        });
        expect(manifest.text_alternative).toBe(artifact.text_alternative);
        const symbolic = generateArtifact(input({ seed: s, options: { hash_algorithm } }));
        expect(Buffer.from(artifact.parts[0]!.bytes).equals(Buffer.from(symbolic.content))).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it("lists intent words as visible text even when they did not become tokens", () => {
    const artifact = generateArtifact(input({ context: { intent: "Zephyrine obsidianwork lantern" } }));
    expect(artifact.intent_words).toEqual(["zephyrine", "obsidianwork", "lantern"]);
    expect(artifact.visible_texts).toEqual(expect.arrayContaining(artifact.intent_words));
    expect(artifact.symbolic_payload.metadata.intent_words).toEqual(artifact.intent_words);
  });

  it("lets intent words join the tokens often", () => {
    let joined = 0;
    for (let i = 0; i < 100; i++) {
      const artifact = generateArtifact(
        input({ seed: `intent-join-seed-${i}`, context: { intent: "lantern meridian" } }),
      );
      if (artifact.symbolic_payload.tokens.some((t) => t === "lantern" || t === "meridian")) joined++;
    }
    expect(joined).toBeGreaterThan(50);
  });
});
