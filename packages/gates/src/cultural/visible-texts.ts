import type { InspectionInput } from "@qrg/core";
import type { SvgInspection } from "./svg-inspect.ts";

/** Metadata is walked this deep and this wide for strings: enough for any sane payload, bounded for a hostile one. */
const MAX_DEPTH = 4;
const MAX_STRINGS = 256;

/**
 * Every string a user may see: the artifact's visible_texts, tokens and intent words, its text alternative,
 * the text of its SVG renders, string values of the symbolic metadata, the echoed seed, and the whole intent
 * (the artifact keeps only a few intent words, but the full intent is signed into the provenance).
 */
export function visibleTexts(input: InspectionInput, svgs: readonly SvgInspection[]): string[] {
  const { artifact } = input;
  const out = new Set<string>();
  const add = (text: string | undefined) => {
    if (text !== undefined && text.trim().length > 0) out.add(text);
  };
  for (const text of artifact.visible_texts) add(text);
  for (const token of artifact.symbolic_payload.tokens) add(token);
  for (const word of artifact.intent_words) add(word);
  add(artifact.text_alternative);
  for (const svg of svgs) for (const text of svg.texts) add(text);
  collectStrings(artifact.symbolic_payload.metadata, 0, out);
  add(input.request.seed);
  add(input.request.context?.intent);
  return [...out];
}

function collectStrings(value: unknown, depth: number, out: Set<string>): void {
  if (out.size >= MAX_STRINGS || depth > MAX_DEPTH) return;
  if (typeof value === "string") {
    if (value.trim().length > 0) out.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, depth + 1, out);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) collectStrings(item, depth + 1, out);
  }
}
