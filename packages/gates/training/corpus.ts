import { readFileSync } from "node:fs";
import { z } from "zod";
import { type HarmfulCategory, HarmfulCategorySchema } from "../src/policy/policy-schema.ts";

/** Where the curated training corpus lives. */
export const TRAINING_CORPUS_URL: URL = new URL("./intent-corpus.v1.json", import.meta.url);

const phrases = z.array(z.string().min(1));
const LanguageSchema = z.object({
  /** Request frames with one `{}` slot for an action phrase: `how do I {}`, `quiero {}`. */
  frames: phrases.min(1),
  /** Harmful action phrases (infinitive, fit for every frame), by category. */
  harmful: z.partialRecord(HarmfulCategorySchema, phrases),
  /** Benign look-alike action phrases for the same frames: `kill time at the airport`. */
  benign: phrases,
  /** Whole harmful sentences that fit no frame, by category. */
  harmfulSentences: z.partialRecord(HarmfulCategorySchema, phrases).default({}),
  /** Whole benign sentences: help-seeking, fiction, news, ordinary artistic intents. */
  benignSentences: phrases.default([]),
  /**
   * Phrase families: every `verb object` (or `object verb`, for German infinitives) is an action phrase of
   * `label`; a seeded sample of them is used (see expandCorpus), so vocabulary grows without one family
   * drowning the rest.
   */
  /**
   * Help-seeking frames (`how do I stop the urge to {}`): every self-harm phrase put in one of them is a benign
   * example, so that asking for help is told apart from intent.
   */
  helpFrames: phrases.default([]),
  /** Frames that report or prevent harm (`how do I report someone who wants to {}`): benign with any harm phrase. */
  concernFrames: phrases.default([]),
  templates: z
    .array(
      z.object({
        label: z.union([HarmfulCategorySchema, z.literal("benign")]),
        order: z.enum(["verb-first", "verb-last"]),
        verbs: phrases.min(1),
        objects: z.array(z.string()).min(1),
      }),
    )
    .default([]),
});
export const CorpusSchema = z.object({
  version: z.string(),
  description: z.string(),
  languages: z.record(z.string().min(2), LanguageSchema),
});
export type Corpus = z.output<typeof CorpusSchema>;

export type IntentLabel = HarmfulCategory | "benign";

export interface Example {
  readonly text: string;
  readonly label: IntentLabel;
  readonly language: string;
  /** The phrase or sentence the example was made from: train/dev splits are drawn by phrase. */
  readonly phrase: string;
}

export function readCorpus(file: URL = TRAINING_CORPUS_URL): Corpus {
  return CorpusSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** How many machine-made seeds (random hex, base64url, dated seeds) are benign examples. */
const MACHINE_SEEDS = 600;
const ALPHABETS = ["0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"];

/**
 * Seeds are screened too, and most are machine-made: random strings whose character grams are noise. A seeded
 * sample of them, labelled benign, teaches the model that such noise is not intent.
 */
function machineSeeds(count: number, seed: number): Example[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  const out: Example[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 3;
    const text =
      kind === 0
        ? pick(ALPHABETS[0]!, 16 + Math.floor(random() * 48))
        : kind === 1
          ? pick(ALPHABETS[1]!, 16 + Math.floor(random() * 48))
          : `quantum-seed-20${pick("0123456789", 2)}-${pick("01", 1)}${pick("0123456789", 1)}-${pick("0123", 1)}${pick("0123456789", 1)}-${pick("abcdefghijklmnopqrstuvwxyz", 3 + Math.floor(random() * 6))}`;
    out.push({ text, label: "benign", language: "und", phrase: text });
  }
  return out;
}

/** FNV-1a of a string: a stable, seedable choice that does not depend on iteration order. */
export function stableHash(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Every example the corpus stands for: each action phrase alone and in `framesPerPhrase` frames chosen by a
 * hash of the phrase (so the same corpus always yields the same examples, in the same order), plus the whole
 * sentences.
 */
export function expandCorpus(
  corpus: Corpus,
  framesPerPhrase: number,
  seed: number,
  perTemplate = 60,
): Example[] {
  const out: Example[] = machineSeeds(MACHINE_SEEDS, seed);
  for (const [language, data] of Object.entries(corpus.languages)) {
    const framed = (phrase: string, label: IntentLabel, frames = framesPerPhrase) => {
      out.push({ text: phrase, label, language, phrase });
      const start = stableHash(phrase, seed) % data.frames.length;
      const step = 1 + (stableHash(phrase, seed + 1) % Math.max(1, data.frames.length - 1));
      for (let k = 0; k < Math.min(frames, data.frames.length); k++) {
        const frame = data.frames[(start + k * step) % data.frames.length]!;
        out.push({ text: frame.replace("{}", phrase), label, language, phrase });
      }
    };
    const reframed = (phrase: string, frames: readonly string[], salt: number) => {
      if (frames.length === 0) return;
      const frame = frames[stableHash(phrase, seed + salt) % frames.length]!;
      out.push({ text: frame.replace("{}", phrase), label: "benign", language, phrase });
    };
    for (const [category, list] of Object.entries(data.harmful)) {
      for (const phrase of list ?? []) {
        framed(phrase, category as HarmfulCategory);
        if (category === "self_harm") {
          reframed(phrase, data.helpFrames, 3);
          reframed(phrase, data.helpFrames, 4);
        }
        reframed(phrase, data.concernFrames, 5);
      }
    }
    for (const phrase of data.benign) framed(phrase, "benign");
    for (const [category, list] of Object.entries(data.harmfulSentences)) {
      for (const sentence of list ?? [])
        out.push({ text: sentence, label: category as HarmfulCategory, language, phrase: sentence });
    }
    for (const sentence of data.benignSentences)
      out.push({ text: sentence, label: "benign", language, phrase: sentence });
    for (const template of data.templates) {
      const combos: string[] = [];
      for (const verb of template.verbs) {
        for (const object of template.objects) {
          const words = template.order === "verb-last" ? [object, verb] : [verb, object];
          combos.push(words.filter(Boolean).join(" "));
        }
      }
      const sample = combos
        .map((phrase) => ({ phrase, rank: stableHash(phrase, seed + 2) }))
        .sort((a, b) => a.rank - b.rank || (a.phrase < b.phrase ? -1 : 1))
        .slice(0, perTemplate);
      for (const { phrase } of sample) framed(phrase, template.label, 1);
    }
  }
  return out;
}
