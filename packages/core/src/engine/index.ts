// The generation engine: deterministic artifacts from seed, context and consciousness state.
export {
  AFFECT_COMPONENTS,
  AFFECT_PRECISION,
  dimensionality,
  MAX_DIMENSIONS,
  MIN_DIMENSIONS,
} from "./affect.ts";
export { contrastRatio, parseHexColor, relativeLuminance } from "./contrast.ts";
export { hkdfSha256Key, KeyStream } from "./drbg.ts";
export {
  ENTROPY_BITS,
  generateArtifact,
  MANIFEST_CONTENT_TYPE,
  MANIFEST_VERSION,
  SVG_CONTENT_TYPE,
  SYMBOLIC_CONTENT_TYPE,
  SYMBOLIC_DOCUMENT_VERSION,
  WAV_CONTENT_TYPE,
} from "./generate.ts";
export { MAX_INTENT_WORDS, normaliseIntent } from "./intent.ts";
export {
  LEXICON,
  LEXICON_DIGEST,
  LEXICON_PATH,
  LEXICON_SIZE,
  LEXICON_URL,
  lookupLexicon,
} from "./lexicon.ts";
export { complexityScore, type LexiconEntry, LexiconFileSchema } from "./lexicon-schema.ts";
export { HIGH_CONTRAST, MIN_CONTRAST } from "./palette.ts";
export { ACCESSIBILITY_NEEDS, type AccessibilityNeed, NEUTRAL_STATE } from "./params.ts";
export { complexityCap, MAX_TOKENS, MIN_TOKENS, tokenCount } from "./select.ts";
export { ENGINE_VERSION } from "./version.ts";
export { MAX_AUDIO_SECONDS, SAMPLE_RATE } from "./wav.ts";
