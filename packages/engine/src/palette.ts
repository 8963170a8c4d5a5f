import { contrastRatio } from "./contrast.ts";
import type { KeyStream } from "./drbg.ts";

/** Minimum contrast of every foreground colour against the background (WCAG 2.2 AA / AAA). */
export const MIN_CONTRAST = 4.5;
export const HIGH_CONTRAST = 7;

export interface Palette {
  background: string;
  /** Main strokes and nodes. */
  primary: string;
  /** Rings, spokes and the harmonic curve. */
  accent: string;
  /** The contrast every foreground colour reaches at least. */
  minContrast: number;
}

function hex(value: number): string {
  return Math.round(Math.min(255, Math.max(0, value)))
    .toString(16)
    .padStart(2, "0");
}

/** HSL (hue in degrees, s and l in 0..1) to `#rrggbb`. */
export function hslToHex(hue: number, saturation: number, lightness: number): string {
  const h = (((hue % 360) + 360) % 360) / 60;
  const c = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1
      ? [c, x, 0]
      : h < 2
        ? [x, c, 0]
        : h < 3
          ? [0, c, x]
          : h < 4
            ? [0, x, c]
            : h < 5
              ? [x, 0, c]
              : [c, 0, x];
  const m = lightness - c / 2;
  return `#${hex((r + m) * 255)}${hex((g + m) * 255)}${hex((b + m) * 255)}`;
}

/** Lightest-needed colour of `hue` whose contrast against `background` reaches `min` (checked on the hex). */
function readableOn(background: string, hue: number, saturation: number, start: number, min: number): string {
  for (let lightness = start; lightness < 1; lightness += 0.02) {
    const color = hslToHex(hue, saturation, lightness);
    if (contrastRatio(color, background) >= min) return color;
  }
  return "#ffffff";
}

/**
 * A dark-background palette whose hue follows the valence (cool blue at −1 through green to warm amber at
 * +1, jittered by up to ±15° from the render stream) and whose saturation follows arousal. Every foreground
 * colour is lightened until its contrast against the background, measured on the final hex values, reaches
 * 4.5:1, or 7:1 when high contrast is needed (the background then goes to near-black).
 */
export function choosePalette(
  stream: KeyStream,
  valence: number,
  arousal: number,
  highContrast: boolean,
): Palette {
  const jitter = stream.int(31) - 15;
  const hue = 220 - 90 * (valence + 1) + jitter;
  const saturation = 0.45 + 0.4 * arousal;
  const minContrast = highContrast ? HIGH_CONTRAST : MIN_CONTRAST;
  const background = highContrast ? hslToHex(hue, 0.25, 0.03) : hslToHex(hue, 0.3, 0.1);
  return {
    background,
    primary: readableOn(background, hue, saturation, 0.6, minContrast),
    accent: readableOn(background, hue + 40, saturation * 0.8, 0.55, minContrast),
    minContrast,
  };
}
