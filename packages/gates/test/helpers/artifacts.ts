// Hand-built GeneratedArtifacts and requests for the gate tests: real bytes, real digests, a real SVG and WAV.
import {
  type AdmissionInput,
  type ArtifactPart,
  canonicalJsonBytes,
  type GeneratedArtifact,
  hashBytes,
  type InspectionInput,
  type Principal,
} from "@qrg/core";
import { type QRGRequest, type QRGRequestInput, QRGRequestSchema, resolveOptions } from "@qrg/schema";

export const never: AbortSignal = new AbortController().signal;

export const TYPICAL_TOKENS = [
  "luminous",
  "drift",
  "harbor",
  "ember",
  "quiet",
  "wander",
  "cascade",
  "velvet",
  "solace",
  "horizon",
];

export interface SymbolicOptions {
  tokens?: string[];
  affect?: number[];
  intentWords?: string[];
  textAlternative?: string;
  metadata?: Record<string, unknown>;
  complexityLevel?: number;
}

function part(kind: ArtifactPart["kind"], contentType: string, bytes: Uint8Array): ArtifactPart {
  return { kind, content_type: contentType, bytes, digest: hashBytes("sha256", bytes) };
}

function symbolicPart(options: SymbolicOptions): {
  part: ArtifactPart;
  payload: GeneratedArtifact["symbolic_payload"];
} {
  const payload = {
    tokens: options.tokens ?? TYPICAL_TOKENS,
    affect_vector: options.affect ?? [0.12, -0.3, 0.55, 0.08, -0.2, 0.4, 0.1, -0.05],
    metadata: options.metadata ?? { generator: "qrg-test", complexity_level: options.complexityLevel ?? 0 },
  };
  return { part: part("symbolic", "application/json", canonicalJsonBytes(payload)), payload };
}

function assemble(
  type: GeneratedArtifact["type"],
  parts: ArtifactPart[],
  payload: GeneratedArtifact["symbolic_payload"],
  options: SymbolicOptions & { animated?: boolean },
): GeneratedArtifact {
  const main = parts.find((p) => p.kind !== "symbolic") ?? parts[0]!;
  const intentWords = options.intentWords ?? [];
  const visible = [...payload.tokens, ...intentWords];
  if (options.textAlternative !== undefined) visible.push(options.textAlternative);
  return {
    type,
    content: main.bytes,
    content_type: main.content_type,
    hash_algorithm: "sha256",
    hash: main.digest,
    symbolic_payload: payload,
    parts,
    ...(options.textAlternative === undefined ? {} : { text_alternative: options.textAlternative }),
    animated: options.animated ?? false,
    visible_texts: visible,
    intent_words: intentWords,
    warnings: [],
    complexity_level: options.complexityLevel ?? 0,
  };
}

export function symbolicArtifact(options: SymbolicOptions = {}): GeneratedArtifact {
  const { part: sym, payload } = symbolicPart(options);
  return assemble("symbolic", [sym], payload, options);
}

export interface SvgShape {
  element?: "rect" | "circle" | "path" | "text";
  fill?: string;
  stroke?: string;
  opacity?: number;
  text?: string;
  extra?: string;
}

export interface SvgOptions {
  background?: string;
  backgroundStyle?: string;
  shapes?: SvgShape[];
  title?: string;
  defs?: string;
  animate?: boolean;
}

/** A real, minimal SVG document: a canvas-covering background rect, then the shapes. */
export function svgDocument(options: SvgOptions = {}): string {
  const shapes = options.shapes ?? [
    { fill: "#1a1a2e" },
    { element: "circle", fill: "#000000", stroke: "#222222" },
  ];
  const body = shapes
    .map((shape, i) => {
      const attrs = [
        shape.fill === undefined ? "" : `fill="${shape.fill}"`,
        shape.stroke === undefined ? "" : `stroke="${shape.stroke}" stroke-width="2"`,
        shape.opacity === undefined ? "" : `opacity="${shape.opacity}"`,
        shape.extra ?? "",
      ]
        .filter((a) => a.length > 0)
        .join(" ");
      switch (shape.element ?? "rect") {
        case "circle":
          return `<circle cx="${40 + i * 10}" cy="60" r="20" ${attrs}/>`;
        case "path":
          return `<path d="M10 10 L ${50 + i} 90 Z" ${attrs}/>`;
        case "text":
          return `<text x="10" y="${20 + i * 12}" ${attrs}>${shape.text ?? ""}</text>`;
        default:
          return `<rect x="${10 + i * 5}" y="10" width="30" height="30" ${attrs}/>`;
      }
    })
    .join("\n  ");
  const style = options.backgroundStyle === undefined ? "" : ` style="background:${options.backgroundStyle}"`;
  const background =
    options.background === undefined
      ? ""
      : `<rect width="100%" height="100%" fill="${options.background}"/>\n  `;
  const title = options.title === undefined ? "" : `<title>${options.title}</title>\n  `;
  const defs = options.defs === undefined ? "" : `<defs>${options.defs}</defs>\n  `;
  const animate = options.animate ? `<animate attributeName="opacity" from="0" to="1" dur="2s"/>` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"${style}>
  ${title}${defs}${background}${body}${animate}
</svg>`;
}

export function visualArtifact(
  options: SymbolicOptions & { svg?: string; animated?: boolean } = {},
): GeneratedArtifact {
  const { part: sym, payload } = symbolicPart(options);
  const svg = options.svg ?? svgDocument({ background: "#ffffff", title: "A calm harbor at dusk" });
  const parts = [sym, part("svg", "image/svg+xml", new TextEncoder().encode(svg))];
  return assemble("visual", parts, payload, { textAlternative: "Abstract shapes in deep blue", ...options });
}

/** A real 8 kHz mono 16-bit PCM WAV of `samples` silent samples. */
export function wavBytes(samples = 16): Uint8Array {
  const data = samples * 2;
  const buffer = new ArrayBuffer(44 + data);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + data, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 16000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, data, true);
  return new Uint8Array(buffer);
}

export function audioArtifact(options: SymbolicOptions = {}): GeneratedArtifact {
  const { part: sym, payload } = symbolicPart(options);
  return assemble("audio", [sym, part("wav", "audio/wav", wavBytes())], payload, options);
}

export function multimodalArtifact(options: SymbolicOptions & { svg?: string } = {}): GeneratedArtifact {
  const { part: sym, payload } = symbolicPart(options);
  const svg = options.svg ?? svgDocument({ background: "#ffffff", title: "Shapes and a tone" });
  const parts = [
    sym,
    part("svg", "image/svg+xml", new TextEncoder().encode(svg)),
    part("wav", "audio/wav", wavBytes()),
  ];
  return assemble("multimodal", parts, payload, {
    textAlternative: "Blue shapes with a low tone",
    ...options,
  });
}

export function request(overrides: Partial<QRGRequestInput> = {}): QRGRequest {
  return QRGRequestSchema.parse({
    user_id: "lid:test-user",
    seed: "quantum-seed-2025-11-10-xyz",
    ...overrides,
  });
}

export function principal(tier = 3, consent: string[] = ["consciousness"], sub = "lid:test-user"): Principal {
  return { sub, tier, consent };
}

export function admission(req: QRGRequest, who: Principal = principal()): AdmissionInput {
  return { request: req, options: resolveOptions(req.options), principal: who };
}

export function inspection(
  artifact: GeneratedArtifact,
  req: QRGRequest = request(),
  who: Principal = principal(),
): InspectionInput {
  return { request: req, options: resolveOptions(req.options), principal: who, artifact };
}
