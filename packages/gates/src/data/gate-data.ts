import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QRGValidationError } from "@qrg/core";
import { z } from "zod";
import type { Precompiled } from "../lexicon/lexicon-file.ts";
import { HarmfulCategorySchema } from "../policy/policy-schema.ts";
import {
  type DictionaryAllow,
  DictionaryAllowSchema,
  type OffensiveWords,
  OffensiveWordsSchema,
} from "../words/word-data.ts";
import { readPrecompiledLexicons } from "./precompiled.ts";

/** The data files shipped with the package (word lists, phrase lists, sources). */
export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

const terms = z.array(z.string().min(1));
const byLanguage = z.record(z.string(), terms);
const versioned = { version: z.string().min(1), description: z.string().min(1) };

export const AllowListSchema = z.object({ ...versioned, languages: byLanguage });
/**
 * A phrase family written once: every `verb [determiner] object` combination is a phrase of `category`
 * in `language` (`kill my neighbour`, `stab the teacher`). An empty determiner means none.
 */
export const HarmfulTemplateSchema = z.object({
  category: HarmfulCategorySchema,
  language: z.string().min(2),
  verbs: terms.min(1),
  determiners: z.array(z.string()).min(1),
  objects: terms.min(1),
  /** Where the verb stands: English and Romance `kill my neighbour`; German infinitive `meinen Nachbarn töten`. */
  order: z.enum(["verb-first", "verb-last"]).default("verb-first"),
});
export const HarmfulIntentDataSchema = z.object({
  ...versioned,
  sources: terms.min(1),
  categories: z.partialRecord(HarmfulCategorySchema, byLanguage),
  templates: z.array(HarmfulTemplateSchema).default([]),
});

/** Every phrase a template stands for. */
export function expandTemplate(template: z.output<typeof HarmfulTemplateSchema>): string[] {
  const out: string[] = [];
  for (const verb of template.verbs) {
    for (const determiner of template.determiners) {
      for (const object of template.objects) {
        const words =
          template.order === "verb-last" ? [determiner, object, verb] : [verb, determiner, object];
        out.push(words.filter(Boolean).join(" "));
      }
    }
  }
  return out;
}
export const RegionalTermsSchema = z.object({
  ...versioned,
  regions: z.record(z.string().regex(/^[A-Z]{2}$/), z.object({ terms: terms.min(1), sources: terms.min(1) })),
});
export const IdentityTermsSchema = z.object({
  ...versioned,
  sources: terms.min(1),
  categories: z.record(z.string(), byLanguage),
});
export const NegativeValenceSchema = z.object({ ...versioned, sources: terms.min(1), languages: byLanguage });
export const EnglishObscenityAllowSchema = z.object({ ...versioned, sources: terms.min(1), words: terms });

/** Every list the gates compile at start-up. */
export interface GateData {
  /** Every offensive-word source merged per language (see scripts/build-word-data.ts). */
  readonly offensiveWords: OffensiveWords;
  /** Dictionary words a loose match (accent, sound, stem, compound) must not refuse. */
  readonly dictionaryAllow: DictionaryAllow;
  readonly allowList: z.output<typeof AllowListSchema>;
  readonly harmfulIntent: z.output<typeof HarmfulIntentDataSchema>;
  readonly regionalTerms: z.output<typeof RegionalTermsSchema>;
  readonly identityTerms: z.output<typeof IdentityTermsSchema>;
  readonly negativeValence: z.output<typeof NegativeValenceSchema>;
  /** Dictionary words obscenity's English matcher flags only for a short string inside them (cockpit). */
  readonly englishObscenityAllow: z.output<typeof EnglishObscenityAllowSchema>;
  /**
   * Lexicons compiled by `build:lexicons` (data/lexicons.compiled.v1.json), by key; a lexicon whose sources
   * changed has no key here and is compiled at start-up.
   */
  readonly precompiled?: Precompiled;
}

/**
 * Reads and schema-checks the data files. `dir` lets a deployment ship reviewed replacements.
 * @param dir @default DATA_DIR
 */
export async function loadGateData(dir: string = DATA_DIR): Promise<GateData> {
  const [
    offensiveWords,
    dictionaryAllow,
    allowList,
    harmfulIntent,
    regionalTerms,
    identityTerms,
    negativeValence,
    englishObscenityAllow,
    precompiled,
  ] = await Promise.all([
    readData(dir, "offensive-words.v2.json", OffensiveWordsSchema),
    readData(dir, "dictionary-allow.v2.json", DictionaryAllowSchema),
    readData(dir, "allow-list.v1.json", AllowListSchema),
    readData(dir, "harmful-intent.v1.json", HarmfulIntentDataSchema),
    readData(dir, "regional-terms.v1.json", RegionalTermsSchema),
    readData(dir, "identity-terms.v1.json", IdentityTermsSchema),
    readData(dir, "negative-valence.v1.json", NegativeValenceSchema),
    readData(dir, "english-obscenity-allow.v1.json", EnglishObscenityAllowSchema),
    readPrecompiledLexicons(dir),
  ]);
  return {
    offensiveWords,
    dictionaryAllow,
    allowList,
    harmfulIntent,
    regionalTerms,
    identityTerms,
    negativeValence,
    englishObscenityAllow,
    precompiled,
  };
}

async function readData<T extends z.ZodType>(dir: string, name: string, schema: T): Promise<z.output<T>> {
  const file = join(dir, name);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new QRGValidationError(`cannot read gate data ${file}`, [{ path: "", message: String(cause) }], {
      cause,
    });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw QRGValidationError.fromZod(parsed.error, `gate data ${file} is invalid`);
  }
  return parsed.data;
}
