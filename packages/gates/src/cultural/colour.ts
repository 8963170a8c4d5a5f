import { contrastRatio as hexContrastRatio, relativeLuminance as hexLuminance } from "@qrg/engine";
/** An sRGB colour, channels 0-255, alpha 0-1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const NAMED: Readonly<Record<string, string>> = {
  black: "#000000",
  white: "#ffffff",
  red: "#ff0000",
  green: "#008000",
  blue: "#0000ff",
  yellow: "#ffff00",
  cyan: "#00ffff",
  aqua: "#00ffff",
  magenta: "#ff00ff",
  fuchsia: "#ff00ff",
  gray: "#808080",
  grey: "#808080",
  silver: "#c0c0c0",
  maroon: "#800000",
  olive: "#808000",
  lime: "#00ff00",
  teal: "#008080",
  navy: "#000080",
  purple: "#800080",
  orange: "#ffa500",
  pink: "#ffc0cb",
  brown: "#a52a2a",
  gold: "#ffd700",
  indigo: "#4b0082",
  violet: "#ee82ee",
  darkgray: "#a9a9a9",
  darkgrey: "#a9a9a9",
  lightgray: "#d3d3d3",
  lightgrey: "#d3d3d3",
  dimgray: "#696969",
  dimgrey: "#696969",
  darkblue: "#00008b",
  darkred: "#8b0000",
  darkgreen: "#006400",
  midnightblue: "#191970",
  ivory: "#fffff0",
  beige: "#f5f5dc",
  crimson: "#dc143c",
  coral: "#ff7f50",
  salmon: "#fa8072",
  khaki: "#f0e68c",
  tomato: "#ff6347",
  orchid: "#da70d6",
  plum: "#dda0dd",
  turquoise: "#40e0d0",
  slategray: "#708090",
  slategrey: "#708090",
  whitesmoke: "#f5f5f5",
  snow: "#fffafa",
  transparent: "#00000000",
};

/**
 * Parses a CSS/SVG colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()` (commas or spaces,
 * numbers or percentages, optional `/ alpha`), `hsl()`/`hsla()` and common named colours. Returns undefined for
 * anything else (`url(#…)`, `currentColor`, unknown names): the caller decides what an unknown paint means.
 */
export function parseColour(input: string): Rgba | undefined {
  const value = input.trim().toLowerCase();
  const named = NAMED[value];
  if (named !== undefined) return parseColour(named);
  if (value.startsWith("#")) return parseHex(value.slice(1));
  const fn = /^(rgba?|hsla?)\(\s*([^)]*)\)$/.exec(value);
  if (fn === null) return undefined;
  const parts = fn[2]!.split(/\s*[,/]\s*|\s+/).filter((p) => p.length > 0);
  if (parts.length < 3 || parts.length > 4) return undefined;
  const alpha = parts[3] === undefined ? 1 : parseUnit(parts[3], 1);
  if (alpha === undefined) return undefined;
  if (fn[1]!.startsWith("rgb")) {
    const [r, g, b] = parts.slice(0, 3).map((p) => parseUnit(p, 255));
    if (r === undefined || g === undefined || b === undefined) return undefined;
    return { r: clamp(r, 255), g: clamp(g, 255), b: clamp(b, 255), a: clamp(alpha, 1) };
  }
  const h = Number.parseFloat(parts[0]!);
  const s = parseUnit(parts[1]!, 1);
  const l = parseUnit(parts[2]!, 1);
  if (!Number.isFinite(h) || s === undefined || l === undefined) return undefined;
  return { ...hslToRgb(h, clamp(s, 1), clamp(l, 1)), a: clamp(alpha, 1) };
}

function parseHex(hex: string): Rgba | undefined {
  if (!/^[0-9a-f]+$/.test(hex)) return undefined;
  const expand = hex.length === 3 || hex.length === 4 ? [...hex].map((c) => c + c).join("") : hex;
  if (expand.length !== 6 && expand.length !== 8) return undefined;
  const channel = (i: number) => Number.parseInt(expand.slice(i, i + 2), 16);
  return { r: channel(0), g: channel(2), b: channel(4), a: expand.length === 8 ? channel(6) / 255 : 1 };
}

/** `50%` → half of `max`; a plain number is taken as is. */
function parseUnit(text: string, max: number): number | undefined {
  const percent = text.endsWith("%");
  const n = Number.parseFloat(percent ? text.slice(0, -1) : text);
  if (!Number.isFinite(n)) return undefined;
  return percent ? (n / 100) * max : n;
}

function clamp(n: number, max: number): number {
  return Math.min(max, Math.max(0, n));
}

function hslToRgb(h: number, s: number, l: number): { r: number; g: number; b: number } {
  const hue = (((h % 360) + 360) % 360) / 360;
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const x = ((t % 1) + 1) % 1;
    if (x < 1 / 6) return p + (q - p) * 6 * x;
    if (x < 1 / 2) return q;
    if (x < 2 / 3) return p + (q - p) * (2 / 3 - x) * 6;
    return p;
  };
  // Rounded to 1/1000 so that float noise (8e-14) does not read as a colour.
  const byte = (x: number) => Math.round(x * 255 * 1000) / 1000;
  return { r: byte(channel(hue + 1 / 3)), g: byte(channel(hue)), b: byte(channel(hue - 1 / 3)) };
}

/** `fg` painted with its alpha (times `opacity`) over an opaque `bg`. */
export function composite(fg: Rgba, bg: Rgba, opacity = 1): Rgba {
  const a = clamp(fg.a * opacity, 1);
  return {
    r: fg.r * a + bg.r * (1 - a),
    g: fg.g * a + bg.g * (1 - a),
    b: fg.b * a + bg.b * (1 - a),
    a: 1,
  };
}

/**
 * WCAG 2.2 relative luminance of an opaque sRGB colour: the engine's implementation (one for the project),
 * over the colour's 8-bit `#rrggbb`.
 */
export function relativeLuminance(colour: Rgba): number {
  return hexLuminance(toHex(colour));
}

/** WCAG 2.2 contrast ratio (1-21) between two opaque colours, by the engine's `contrastRatio`. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  return hexContrastRatio(toHex(a), toHex(b));
}

/** `#rrggbb` of an opaque colour, for reasons and logs. */
export function toHex({ r, g, b }: Rgba): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}
