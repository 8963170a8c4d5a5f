import { canonicalJsonBytes } from "@qrg/core";
import type { ArtifactType } from "@qrg/schema";
import type { MockSymbols } from "./derive.ts";

export interface MockContent {
  bytes: Uint8Array;
  content_type: string;
}

/** The mock's builder identity; every artifact names it so no one mistakes a mock artifact for a real one. */
export const MOCK_BUILDER_ID = "qrg-mock-adapter";

/**
 * The artifact bytes for a requested type, deterministic in the symbols: a canonical JSON document for
 * `symbolic`, a small SVG for `visual`, a short WAV tone for `audio`, and for `multimodal` a JSON document
 * carrying both renders. Every document says it comes from the mock.
 */
export function renderContent(type: ArtifactType, symbols: MockSymbols): MockContent {
  switch (type) {
    case "symbolic":
      return { bytes: canonicalJsonBytes(symbolicDocument(symbols)), content_type: "application/json" };
    case "visual":
      return { bytes: new TextEncoder().encode(renderSvg(symbols)), content_type: "image/svg+xml" };
    case "audio":
      return { bytes: renderWav(symbols), content_type: "audio/wav" };
    case "multimodal":
      return {
        bytes: canonicalJsonBytes({
          ...symbolicDocument(symbols),
          parts: {
            svg: renderSvg(symbols),
            wav_b64: Buffer.from(renderWav(symbols)).toString("base64"),
          },
        }),
        content_type: "application/json",
      };
  }
}

function symbolicDocument(symbols: MockSymbols) {
  return {
    generator: MOCK_BUILDER_ID,
    mock: true,
    seed_digest: symbols.seedDigest,
    tokens: symbols.tokens,
    affect_vector: symbols.affect_vector,
  };
}

/** One circle per affect dimension; the tokens as the accessible title. Static (no animation). */
function renderSvg(symbols: MockSymbols): string {
  const circles = symbols.affect_vector
    .map((v, i) => `<circle cx="${20 + i * 40}" cy="40" r="${Math.round(4 + v * 14)}" fill="#4a6fa5"/>`)
    .join("");
  const title = `mock artifact: ${symbols.tokens.join(" ")}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="80" role="img"><title>${title}</title>${circles}</svg>`;
}

/** 0.1 s of 8 kHz 16-bit mono sine; the pitch follows the first affect dimension. */
function renderWav(symbols: MockSymbols): Uint8Array {
  const sampleRate = 8000;
  const samples = 800;
  const frequency = 220 + Math.round((symbols.affect_vector[0] ?? 0) * 440);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 8000), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.byteLength, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.byteLength, 40);
  return new Uint8Array(Buffer.concat([header, data]));
}
