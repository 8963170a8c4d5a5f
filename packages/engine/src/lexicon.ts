import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hashBytes, QRGError, QRGValidationError } from "@qrg/core";
import { type LexiconEntry, LexiconFileSchema } from "./lexicon-schema.ts";

/**
 * The shipped lexicon's stable, path-free name: attestations list the lexicon as a resolved dependency
 * `urn:qrg:lexicon:<LEXICON_NAME>` with its digest, so the URI never reveals where the service is installed.
 */
export const LEXICON_NAME = "lexicon.json";

const LEXICON_FILE_URL = new URL(`../data/${LEXICON_NAME}`, import.meta.url);

/** The shipped symbolic lexicon, read and validated once, with the columns the selection loop uses. */
export interface Lexicon {
  /** Absolute path of the file it was read from (for error messages and tooling, never for attestations). */
  readonly path: string;
  /** `sha256:hex` of the file's bytes, exactly as shipped. */
  readonly digest: string;
  /** The entries in file order (sorted by word). */
  readonly entries: readonly LexiconEntry[];
  readonly size: number;
  /** Per-entry columns, indexed like `entries`, for the hot selection loop. */
  readonly valence: Float64Array;
  readonly complexity: Float64Array;
  /** Index of `word` in `entries`, or -1. */
  indexOf(word: string): number;
}

let loaded: Lexicon | undefined;

/**
 * The lexicon, read from disk and validated on first use and cached for the life of the process: importing
 * the engine (for its types and constants) costs nothing, and every generation after the first reuses the
 * same indexes without touching the disk.
 */
export function loadLexicon(): Lexicon {
  loaded ??= readLexicon(fileURLToPath(LEXICON_FILE_URL));
  return loaded;
}

function readLexicon(path: string): Lexicon {
  let fileBytes: Uint8Array;
  try {
    fileBytes = new Uint8Array(readFileSync(path));
  } catch (cause) {
    throw new QRGError("config_error", `cannot read the lexicon ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(fileBytes));
  } catch (cause) {
    throw new QRGError("config_error", `${path} is not JSON`, { cause });
  }
  const parsed = LexiconFileSchema.safeParse(json);
  if (!parsed.success) {
    const invalid = QRGValidationError.fromZod(parsed.error, `${path} is invalid`);
    throw new QRGError("config_error", invalid.message, { cause: invalid });
  }
  const entries = Object.freeze(parsed.data.entries.map((entry) => Object.freeze(entry)));
  const index = new Map(entries.map((entry, i) => [entry.word, i]));
  return Object.freeze({
    path,
    digest: hashBytes("sha256", fileBytes),
    entries,
    size: entries.length,
    valence: Float64Array.from(entries, (entry) => entry.valence),
    complexity: Float64Array.from(entries, (entry) => entry.complexity),
    indexOf: (word: string) => index.get(word) ?? -1,
  });
}

/** The lexicon entry for `word` (exact, lowercase), if the lexicon has it. */
export function lookupLexicon(word: string): LexiconEntry | undefined {
  const lexicon = loadLexicon();
  const index = lexicon.indexOf(word);
  return index < 0 ? undefined : lexicon.entries[index];
}
