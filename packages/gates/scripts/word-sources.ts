// Readers of the public word lists and dictionaries the gate data is built from (build-word-data.ts) and
// evaluated against (eval/run.ts). Every list is an npm devDependency of @qrg/gates, read from node_modules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { foldCase } from "../src/text/fold.ts";
import { expandDictionary } from "./hunspell.ts";

const require = createRequire(import.meta.url);

export interface SourceInfo {
  package: string;
  version: string;
  licence: string;
  url: string;
  note?: string;
}

/** A direct devDependency's folder (several packages hide package.json behind `exports`). */
function packageDir(name: string): string {
  return fileURLToPath(new URL(`../node_modules/${name}/`, import.meta.url));
}

function packageJson(name: string): { version: string; license?: string } {
  return JSON.parse(readFileSync(join(packageDir(name), "package.json"), "utf8"));
}

export function info(name: string, url: string, note?: string, licence?: string): SourceInfo {
  const pkg = packageJson(name);
  return {
    package: name,
    version: pkg.version,
    licence: licence ?? pkg.license ?? "UNKNOWN",
    url,
    ...(note ? { note } : {}),
  };
}

/** Languages with a hunspell dictionary (wooorm/dictionaries) among our devDependencies. */
export const DICTIONARY_LANGUAGES = ["da", "de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru", "sv", "tr"];

/**
 * Every word of a hunspell dictionary with its suffix forms, case-folded, without duplicates. Words in `listed`
 * (folded) keep their own entry but not their forms.
 */
export function dictionaryWords(language: string, listed: ReadonlySet<string> = new Set()): string[] {
  const dir = packageDir(`dictionary-${language}`);
  const words = expandDictionary(
    readFileSync(join(dir, "index.dic"), "utf8"),
    readFileSync(join(dir, "index.aff"), "utf8"),
    (word) => !listed.has(foldCase(word)),
  );
  return [...new Set(words.map(foldCase))];
}

/**
 * The fixed split of every dictionary: one word in five (by FNV-1a hash of the folded word) is held out. Held-out
 * words never enter the gate data (allow-list, scoping of ambiguous entries, filtering of machine translations);
 * the evaluation measures false positives on them.
 */
export function isHeldOutWord(word: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 5 === 0;
}

export function dictionaryInfo(language: string): SourceInfo {
  return info(
    `dictionary-${language}`,
    "https://github.com/wooorm/dictionaries",
    "hunspell words with their suffix forms",
  );
}

/** Language → words, for a list module shaped `{ lang: string[] }` or `Map`. */
export type ListsByLanguage = Map<string, string[]>;

export function ldnoobw(): ListsByLanguage {
  const lists = require("naughty-words") as Record<string, unknown>;
  const out: ListsByLanguage = new Map();
  for (const [tag, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) continue;
    const label = tag === "fr-CA-u-sd-caqc" ? "fr-ca" : tag.toLowerCase();
    out.set(
      label,
      list.filter((w): w is string => typeof w === "string"),
    );
  }
  return out;
}

export function badwordsList(): ListsByLanguage {
  const mod = require("badwords-list") as { array: string[] };
  return new Map([["en", mod.array]]);
}

export function frenchBadwords(): ListsByLanguage {
  const mod = require("french-badwords-list") as { array: string[] };
  return new Map([["fr", mod.array]]);
}

export function toadProfanity(): ListsByLanguage {
  const mod = require("@2toad/profanity/dist/data/profane-words.js") as {
    profaneWords: Map<string, string[]> | Record<string, string[]>;
  };
  const data = mod.profaneWords;
  const entries = data instanceof Map ? [...data.entries()] : Object.entries(data);
  return new Map(entries.map(([k, v]) => [k, [...v]]));
}

export function washYourMouth(): ListsByLanguage {
  const data = require("washyourmouthoutwithsoap/data/build.json") as Record<string, string[]>;
  return new Map(Object.entries(data).map(([k, v]) => [k === "nb" ? "no" : k, v]));
}

export function profanityHindi(): ListsByLanguage {
  const file = join(dirname(require.resolve("profanity-hindi")), "data", "hindi-bad-words.js");
  const text = readFileSync(file, "utf8");
  const words = [...text.matchAll(/^\s*"?([a-z][a-z ]*[a-z])"?\s*:\s*1/gm)].map((m) => m[1]!);
  return new Map([["hi", words]]);
}

/**
 * The held-out lists: wooorm's `cuss` (MIT), keyed by the language a request declares; words rated at least
 * `minRating` (cuss rates 0 unlikely, 1 maybe, 2 likely profane).
 */
export async function cussLists(minRating = 1): Promise<ListsByLanguage> {
  const out: ListsByLanguage = new Map();
  const files: [string, string][] = [
    ["en", "cuss"],
    ["es", "cuss/es"],
    ["fr", "cuss/fr"],
    ["it", "cuss/it"],
    ["pt", "cuss/pt"],
    ["pt", "cuss/pt-pt"],
    ["ar", "cuss/ar-latn"],
  ];
  for (const [language, specifier] of files) {
    const mod = (await import(specifier)) as { cuss: Record<string, number> };
    const words = Object.entries(mod.cuss)
      .filter(([, rating]) => rating >= minRating)
      .map(([word]) => word);
    out.set(language, [...(out.get(language) ?? []), ...words]);
  }
  return out;
}

/** The held-out Russian list: npm russian-bad-words (MIT), every word form it lists. */
export async function russianBadWords(): Promise<ListsByLanguage> {
  const mod = (await import("russian-bad-words")) as {
    flatWords?: string[];
    default?: { flatWords?: string[] };
  };
  const words = mod.flatWords ?? mod.default?.flatWords ?? [];
  return new Map([["ru", words]]);
}

export function italianBadwords(): ListsByLanguage {
  const mod = require("italian-badwords-list") as { array?: string[] } | string[];
  return new Map([["it", Array.isArray(mod) ? mod : (mod.array ?? [])]]);
}
