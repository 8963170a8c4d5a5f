import type { GeneratedArtifact } from "@qrg/core";
import type { Reading } from "../text/reading.ts";
import { composite, contrastRatio, toHex } from "./colour.ts";
import type { SvgInspection } from "./svg-inspect.ts";

/** WCAG 2.2 SC 1.4.3 (AA) minimum contrast. */
export const MIN_CONTRAST = 4.5;
/** WCAG 2.2 SC 1.4.6 (AAA) enhanced contrast, required with the `high_contrast` need. */
export const MIN_CONTRAST_HIGH = 7;

/** A failed accessibility requirement. */
export interface AccessibilityFinding {
  /** `accessibility.contrast`, `accessibility.text_alternative`, `accessibility.reduced_motion`, `accessibility.audio_description`. */
  readonly rule_id: string;
  readonly reason: string;
}

/** The SVG parts of an artifact, inspected once and shared by every check. */
export interface InspectedRender {
  readonly svgs: readonly SvgInspection[];
}

/**
 * Accessibility of an artifact for its reader:
 * - visual renders: every foreground paint (fill and stroke of every shape and text, each gradient stop, every
 *   colour a `<style>` declares), composited with its opacity over the SVG's background, has at least 4.5:1
 *   contrast with it (7:1 with `high_contrast`); a paint we cannot resolve fails, since it cannot be verified;
 * - `screen_reader`: a non-symbolic artifact has a non-empty text alternative (the artifact's, or the SVG's root
 *   `<title>`);
 * - `reduced_motion`: nothing animates;
 * - audio always carries a text description.
 */
export function checkAccessibility(
  artifact: GeneratedArtifact,
  render: InspectedRender,
  reading: Reading,
): AccessibilityFinding[] {
  const findings: AccessibilityFinding[] = [];
  const hasSvg = render.svgs.length > 0;
  const isVisual = artifact.type === "visual" || artifact.type === "multimodal" || hasSvg;
  const hasAudio =
    artifact.type === "audio" ||
    artifact.type === "multimodal" ||
    artifact.parts.some((p) => p.kind === "wav");
  const textAlternative = artifact.text_alternative?.trim() ?? "";

  if (isVisual) {
    const required = reading.accessibility.has("high_contrast") ? MIN_CONTRAST_HIGH : MIN_CONTRAST;
    const contrast = hasSvg ? worstContrast(render.svgs, required) : "no SVG render to check contrast";
    if (contrast !== undefined) findings.push({ rule_id: "accessibility.contrast", reason: contrast });
  }

  if (reading.accessibility.has("screen_reader") && artifact.type !== "symbolic") {
    const svgTitle = render.svgs.some((svg) => (svg.title?.length ?? 0) > 0);
    if (textAlternative.length === 0 && !svgTitle) {
      findings.push({
        rule_id: "accessibility.text_alternative",
        reason: "screen_reader needs a text alternative",
      });
    }
  }

  if (
    reading.accessibility.has("reduced_motion") &&
    (artifact.animated || render.svgs.some((s) => s.animated))
  ) {
    findings.push({ rule_id: "accessibility.reduced_motion", reason: "reduced_motion forbids animation" });
  }

  if (hasAudio && textAlternative.length === 0) {
    findings.push({ rule_id: "accessibility.audio_description", reason: "audio needs a text description" });
  }
  return findings;
}

/** The reason the lowest-contrast paint fails, or undefined when all pass. */
function worstContrast(svgs: readonly SvgInspection[], required: number): string | undefined {
  let worst: { ratio: number; fg: string; bg: string } | undefined;
  for (const svg of svgs) {
    if (svg.unresolved.length > 0) {
      return `contrast cannot be verified for paint ${svg.unresolved[0]}`;
    }
    for (const paint of svg.paints) {
      for (const colour of paint.colours) {
        const painted = composite(colour, svg.background, paint.opacity);
        const ratio = contrastRatio(painted, svg.background);
        if (worst === undefined || ratio < worst.ratio) {
          worst = { ratio, fg: toHex(painted), bg: toHex(svg.background) };
        }
      }
    }
  }
  if (worst === undefined || worst.ratio >= required) return undefined;
  return `contrast ${worst.ratio.toFixed(2)}:1 between ${worst.fg} and background ${worst.bg} is below ${required}:1`;
}
