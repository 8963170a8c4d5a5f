import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { QRGError } from "../errors.ts";
import { hashBytes } from "../util/hash.ts";
import { type LexiconEntry, LexiconFileSchema } from "./lexicon-schema.ts";

/** Where the shipped symbolic lexicon lives (provenance lists it as a resolved dependency). */
export const LEXICON_URL: URL = new URL("../../data/lexicon.json", import.meta.url);
export const LEXICON_PATH: string = fileURLToPath(LEXICON_URL);

// Read and validated once at module load: every generation uses these indexes without touching the disk.
const fileBytes = new Uint8Array(readFileSync(LEXICON_URL));

/** `sha256:hex` of the lexicon file's bytes, exactly as shipped. */
export const LEXICON_DIGEST: string = hashBytes("sha256", fileBytes);

function load(): readonly LexiconEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(fileBytes));
  } catch (cause) {
    throw new QRGError("config_error", `${LEXICON_PATH} is not JSON`, { cause });
  }
  const parsed = LexiconFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new QRGError("config_error", `${LEXICON_PATH} is invalid: ${first}`, { cause: parsed.error });
  }
  return Object.freeze(parsed.data.entries.map((entry) => Object.freeze(entry)));
}

/** The lexicon entries in file order (sorted by word). */
export const LEXICON: readonly LexiconEntry[] = load();
export const LEXICON_SIZE: number = LEXICON.length;

/** Per-entry columns, indexed like LEXICON, for the hot selection loop. */
export const LEXICON_VALENCE: Float64Array = Float64Array.from(LEXICON, (entry) => entry.valence);
export const LEXICON_COMPLEXITY: Float64Array = Float64Array.from(LEXICON, (entry) => entry.complexity);

const INDEX = new Map(LEXICON.map((entry, index) => [entry.word, index]));

/** Index of `word` in LEXICON, or -1. */
export function lexiconIndex(word: string): number {
  return INDEX.get(word) ?? -1;
}

/** The lexicon entry for `word` (exact, lowercase), if the lexicon has it. */
export function lookupLexicon(word: string): LexiconEntry | undefined {
  const index = INDEX.get(word);
  return index === undefined ? undefined : LEXICON[index];
}
