import type { KeyStream } from "./drbg.ts";
import type { Palette } from "./palette.ts";
import type { SelectedToken } from "./select.ts";

const SIZE = 512;
const CENTER = SIZE / 2;
const CURVE_POINTS = 96;

export interface SvgInput {
  tokens: readonly SelectedToken[];
  affect: readonly number[];
  palette: Palette;
  animated: boolean;
  /** Short name of the glyph: the `<title>`. */
  title: string;
  /** The text alternative: the `<desc>`. */
  description: string;
}

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const f = (x: number): string => {
  const s = x.toFixed(2);
  return s === "-0.00" ? "0.00" : s;
};

const polar = (radius: number, angle: number): [number, number] => [
  CENTER + radius * Math.cos(angle),
  CENTER + radius * Math.sin(angle),
];

/**
 * A deterministic SVG glyph: rings (one per four affect dimensions), a star with one ray per token (ray
 * length from the token's complexity, node size from its arousal, inner radius from the mean arousal), and a
 * closed harmonic curve whose radius is modulated by the affect vector. Self-contained by construction: no
 * scripts, no event handlers, no links or external references, no opacity (so the declared colours are
 * the rendered ones); a `<title>` and `<desc>` always carry the text alternative. When animated, the star
 * turns once a minute (SMIL animateTransform); reduced motion gets a still image.
 */
export function renderSvg(stream: KeyStream, input: SvgInput): string {
  const { tokens, affect, palette } = input;
  const rotation = stream.unit() * 2 * Math.PI;
  const phases = Array.from({ length: affect.length }, () => stream.unit() * 2 * Math.PI);
  const k = Math.max(tokens.length, 1);
  const meanArousal = tokens.reduce((sum, token) => sum + token.arousal, 0) / k;
  const inner = 45 + 35 * (1 - meanArousal);

  const rings: string[] = [];
  const ringCount = 1 + Math.floor(affect.length / 4);
  for (let i = 0; i < ringCount; i++) {
    rings.push(`<circle cx="${CENTER}" cy="${CENTER}" r="${f(60 + 42 * i)}" stroke-width="1.5"/>`);
  }

  const star: string[] = [];
  const spokes: string[] = [];
  const nodes: string[] = [];
  tokens.forEach((token, i) => {
    const angle = rotation + (2 * Math.PI * i) / k;
    const [x, y] = polar(95 + 125 * token.complexity, angle);
    const [ix, iy] = polar(inner, angle + Math.PI / k);
    star.push(`${f(x)},${f(y)}`, `${f(ix)},${f(iy)}`);
    spokes.push(`<line x1="${CENTER}" y1="${CENTER}" x2="${f(x)}" y2="${f(y)}"/>`);
    nodes.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(5 + 6 * token.arousal)}"/>`);
  });

  const curve: string[] = [];
  for (let p = 0; p < CURVE_POINTS; p++) {
    const theta = (2 * Math.PI * p) / CURVE_POINTS;
    let wave = 0;
    affect.forEach((a, j) => {
      wave += a * Math.sin((j + 1) * theta + phases[j]!);
    });
    const [x, y] = polar(170 + (60 * wave) / affect.length, theta);
    curve.push(`${p === 0 ? "M" : "L"}${f(x)} ${f(y)}`);
  }

  const motion = input.animated
    ? `<animateTransform attributeName="transform" type="rotate" from="0 ${CENTER} ${CENTER}" to="360 ${CENTER} ${CENTER}" dur="60s" repeatCount="indefinite"/>`
    : "";

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-labelledby="qrg-title qrg-desc">`,
    `<title id="qrg-title">${escapeXml(input.title)}</title>`,
    `<desc id="qrg-desc">${escapeXml(input.description)}</desc>`,
    `<rect width="${SIZE}" height="${SIZE}" fill="${palette.background}"/>`,
    `<g fill="none" stroke="${palette.accent}">${rings.join("")}</g>`,
    `<path d="${curve.join(" ")} Z" fill="none" stroke="${palette.accent}" stroke-width="2"/>`,
    `<g>${motion}`,
    `<g stroke="${palette.accent}" stroke-width="1.5">${spokes.join("")}</g>`,
    tokens.length > 0
      ? `<polygon points="${star.join(" ")}" fill="none" stroke="${palette.primary}" stroke-width="3" stroke-linejoin="round"/>`
      : "",
    `<g fill="${palette.primary}">${nodes.join("")}</g>`,
    "</g>",
    "</svg>",
  ].join("\n");
}
