import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { QRGValidationError } from "@qrg/core";
import {
  LEXICON_COMPILER,
  type LexiconBundle,
  type LexiconFile,
  type LooseKeysFile,
  type Precompiled,
} from "../lexicon/lexicon-file.ts";

/** Written by `pnpm --filter @qrg/gates build:lexicons` (scripts/build-lexicons.ts). */
export const PRECOMPILED_LEXICONS_FILE = "lexicons.compiled.v1.json";

/**
 * The precompiled lexicons of a data directory, by key. A directory without the file (a deployment's reviewed
 * replacement lists), or with a file from another compiler, gives none: every lexicon is then compiled at
 * start-up, with the same result. A file that is there but unreadable is an error, like any other data file.
 */
export async function readPrecompiledLexicons(dir: string): Promise<Precompiled> {
  const none: Precompiled = { lexicons: new Map(), looseKeys: new Map() };
  const file = join(dir, PRECOMPILED_LEXICONS_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return none;
    throw invalid(file, String(cause), cause);
  }
  let bundle: LexiconBundle;
  try {
    bundle = JSON.parse(text) as LexiconBundle;
  } catch (cause) {
    throw invalid(file, String(cause), cause);
  }
  if (bundle?.compiler !== LEXICON_COMPILER) return none;
  if (!Array.isArray(bundle.lexicons) || !Array.isArray(bundle.looseKeys))
    throw invalid(file, "lexicons and looseKeys must be arrays");
  const lexicons = new Map<string, LexiconFile>();
  for (const [i, lexicon] of bundle.lexicons.entries()) {
    const wellFormed =
      typeof lexicon?.key === "string" &&
      Number.isInteger(lexicon.size) &&
      Array.isArray(lexicon.metas) &&
      Array.isArray(lexicon.strings) &&
      Array.isArray(lexicon.words) &&
      typeof lexicon.steps === "string";
    if (!wellFormed) throw invalid(file, `lexicons.${i} is not a precompiled lexicon`);
    lexicons.set(lexicon.key, lexicon);
  }
  const looseKeys = new Map<string, LooseKeysFile>();
  for (const [i, keys] of bundle.looseKeys.entries()) {
    if (typeof keys?.key !== "string" || !Array.isArray(keys.keys))
      throw invalid(file, `looseKeys.${i} is not a list of spelling keys`);
    looseKeys.set(keys.key, keys);
  }
  return { lexicons, looseKeys };
}

function invalid(file: string, message: string, cause?: unknown): QRGValidationError {
  return new QRGValidationError(
    `gate data ${file} is invalid`,
    [{ path: "", message }],
    cause === undefined ? undefined : { cause },
  );
}
