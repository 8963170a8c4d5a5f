// @qrg/engine: deterministic artifacts (tokens, affect vector, SVG, WAV) from seed, context and consciousness
// state. Importing it reads nothing: the lexicon is read and validated on first use (`loadLexicon`).
export { contrastRatio, parseHexColor, relativeLuminance } from "./contrast.ts";
export { generateArtifact } from "./generate.ts";
export { LEXICON_NAME, type Lexicon, loadLexicon, lookupLexicon } from "./lexicon.ts";
export type { LexiconEntry } from "./lexicon-schema.ts";
export { ENGINE_VERSION } from "./version.ts";
