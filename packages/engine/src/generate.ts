import type { ArtifactPart, GenerateArtifact, GeneratedArtifact, GenerationInput } from "@qrg/core";
import { canonicalJsonBytes, hashBytes } from "@qrg/core";
import { AFFECT_COMPONENTS, affectVector, dimensionality } from "./affect.ts";
import { describeAudio, describeGlyph, glyphTitle } from "./describe.ts";
import { renderStream, selectionStream } from "./keys.ts";
import { loadLexicon } from "./lexicon.ts";
import { choosePalette } from "./palette.ts";
import { type GenerationParams, resolveParams } from "./params.ts";
import { type Selection, selectTokens } from "./select.ts";
import { renderSvg } from "./svg.ts";
import { ENGINE_VERSION } from "./version.ts";
import { renderWav, SAMPLE_RATE } from "./wav.ts";

/** Content type of the symbolic JSON document (the whole content of a `symbolic` artifact). */
export const SYMBOLIC_CONTENT_TYPE = "application/json";
/** Content type of the manifest that is the content of `visual`, `audio` and `multimodal` artifacts. */
export const MANIFEST_CONTENT_TYPE = "application/vnd.qrg.manifest+json";
export const SVG_CONTENT_TYPE = "image/svg+xml";
export const WAV_CONTENT_TYPE = "audio/wav";
export const SYMBOLIC_DOCUMENT_VERSION = "qrg.symbolic/1";
export const MANIFEST_VERSION = "qrg.manifest/1";
/**
 * Bits of key material behind every artifact: the 256-bit HKDF-derived ChaCha20 key. For pseudo_rng that
 * key is a function of the seed, so the artifact's real unpredictability is bounded by the seed's own
 * entropy; external bits are reported separately in metadata.entropy.external_bits.
 */
export const ENTROPY_BITS = 256;

const encoder = new TextEncoder();

function buildMetadata(
  params: GenerationParams,
  selection: Selection,
  dims: number,
): Record<string, unknown> {
  const lexicon = loadLexicon();
  return {
    engine: ENGINE_VERSION,
    dimensionality: dims,
    entropy_bits: ENTROPY_BITS,
    entropy: params.entropy,
    drbg: "HKDF-SHA256/ChaCha20",
    consciousness: params.mode,
    complexity_level: params.complexityLevel,
    complexity_cap: selection.complexityCap,
    affect_components: AFFECT_COMPONENTS.slice(0, dims),
    lexicon: { digest: lexicon.digest, entries: lexicon.size },
    intent_words: params.intentWords,
  };
}

function part(
  kind: ArtifactPart["kind"],
  contentType: string,
  bytes: Uint8Array,
  params: GenerationParams,
): ArtifactPart {
  return { kind, content_type: contentType, bytes, digest: hashBytes(params.hashAlgorithm, bytes) };
}

function unique(texts: readonly (string | undefined)[]): string[] {
  return [...new Set(texts.filter((text): text is string => typeof text === "string" && text.length > 0))];
}

/**
 * The generation engine: pure and synchronous. Same input, same bytes: no clock, no ids, no ambient
 * randomness (external entropy arrives in the input). See keys.ts for the key construction, select.ts for
 * the adaptive token choice, and the package README for the artifact formats.
 */
export const generateArtifact: GenerateArtifact = (input: GenerationInput): GeneratedArtifact => {
  const params = resolveParams(input);
  const stream = selectionStream(params);
  const selection = selectTokens(stream, params.state, params.intentWords, params.complexityLevel);
  const dims = dimensionality(params.state.attention_focus, params.complexityLevel);
  const affect = affectVector(stream, selection.tokens, params.state, dims);
  const tokens = selection.tokens.map((token) => token.word);
  const metadata = buildMetadata(params, selection, dims);
  const symbolic = canonicalJsonBytes({
    version: SYMBOLIC_DOCUMENT_VERSION,
    type: "symbolic",
    tokens,
    affect_vector: affect,
    metadata,
  });
  const base = {
    type: params.artifactType,
    hash_algorithm: params.hashAlgorithm,
    symbolic_payload: { tokens, affect_vector: affect, metadata },
    intent_words: params.intentWords,
    warnings: params.warnings,
    complexity_level: params.complexityLevel,
  };

  if (params.artifactType === "symbolic") {
    return {
      ...base,
      content: symbolic,
      content_type: SYMBOLIC_CONTENT_TYPE,
      hash: hashBytes(params.hashAlgorithm, symbolic),
      parts: [],
      animated: false,
      visible_texts: unique([...tokens, ...params.intentWords]),
    };
  }

  const render = renderStream(params);
  const valence = affect[0]!;
  const arousal = affect[1]!;
  const highContrast = params.accessibility.includes("high_contrast");
  const parts: ArtifactPart[] = [];
  const alternatives: string[] = [];
  const renderInfo: Record<string, unknown> = { accessibility_needs: params.accessibility };
  let animated = false;
  let title: string | undefined;

  if (params.artifactType === "multimodal")
    parts.push(part("symbolic", SYMBOLIC_CONTENT_TYPE, symbolic, params));
  if (params.artifactType === "visual" || params.artifactType === "multimodal") {
    const palette = choosePalette(render, valence, arousal, highContrast);
    animated = !params.accessibility.includes("reduced_motion");
    title = glyphTitle(selection.tokens);
    const description = describeGlyph(selection.tokens, valence, arousal, animated, highContrast);
    const svg = renderSvg(render, {
      tokens: selection.tokens,
      affect,
      palette,
      animated,
      title,
      description,
    });
    parts.push(part("svg", SVG_CONTENT_TYPE, encoder.encode(svg), params));
    alternatives.push(description);
    renderInfo.palette = {
      background: palette.background,
      primary: palette.primary,
      accent: palette.accent,
      min_contrast: palette.minContrast,
    };
  }
  if (params.artifactType === "audio" || params.artifactType === "multimodal") {
    const wav = renderWav(render, selection.tokens, valence, arousal);
    parts.push(part("wav", WAV_CONTENT_TYPE, wav.bytes, params));
    alternatives.push(describeAudio(selection.tokens, wav));
    renderInfo.audio = {
      sample_rate: SAMPLE_RATE,
      seconds: Math.round(wav.seconds * 1000) / 1000,
      mode: wav.mode,
    };
  }
  renderInfo.animated = animated;
  const textAlternative = alternatives.join(" ");
  const content = canonicalJsonBytes({
    version: MANIFEST_VERSION,
    type: params.artifactType,
    tokens,
    affect_vector: affect,
    metadata,
    render: renderInfo,
    parts: parts.map((p) => ({
      kind: p.kind,
      content_type: p.content_type,
      digest: p.digest,
      size_bytes: p.bytes.length,
    })),
    text_alternative: textAlternative,
  });
  return {
    ...base,
    content,
    content_type: MANIFEST_CONTENT_TYPE,
    hash: hashBytes(params.hashAlgorithm, content),
    parts,
    text_alternative: textAlternative,
    animated,
    visible_texts: unique([...tokens, ...params.intentWords, title, ...alternatives]),
  };
};
