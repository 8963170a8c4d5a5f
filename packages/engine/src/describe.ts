import type { SelectedToken } from "./select.ts";
import type { WavRender } from "./wav.ts";

const list = (tokens: readonly SelectedToken[]): string => tokens.map((token) => token.word).join(", ");

const mood = (valence: number): string => (valence > 0.25 ? "warm" : valence < -0.25 ? "cool" : "balanced");
const energy = (arousal: number): string => (arousal > 0.6 ? "lively" : arousal < 0.35 ? "calm" : "steady");

/** The SVG `<title>`: the glyph's words. */
export function glyphTitle(tokens: readonly SelectedToken[]): string {
  return tokens.length === 0 ? "QRG glyph" : `QRG glyph: ${tokens.map((token) => token.word).join(" · ")}`;
}

/** Text alternative of the visual render (also the SVG `<desc>`). */
export function describeGlyph(
  tokens: readonly SelectedToken[],
  valence: number,
  arousal: number,
  animated: boolean,
  highContrast: boolean,
): string {
  const rays = tokens.length === 1 ? "one ray" : `${tokens.length} rays`;
  return (
    `An abstract star glyph with ${rays}, one for each word (${list(tokens) || "none"}), ` +
    `drawn in ${mood(valence)}${highContrast ? " high-contrast" : ""} colours on a dark background ` +
    `inside concentric rings and a ${energy(arousal)} wave-like outline${animated ? "; it turns slowly" : ""}.`
  );
}

/** Text alternative of the audio render. */
export function describeAudio(tokens: readonly SelectedToken[], wav: WavRender): string {
  const notes = tokens.length === 1 ? "one note" : `${tokens.length} notes`;
  return (
    `A ${wav.seconds.toFixed(1)}-second ${wav.mode === "major" ? "bright major" : "soft minor"} tone sequence ` +
    `of ${notes}, one for each word (${list(tokens) || "none"}), at a ${wav.tempo} tempo over a low drone.`
  );
}
