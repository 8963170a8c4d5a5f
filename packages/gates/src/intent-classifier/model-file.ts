import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { QRGValidationError } from "@qrg/core";
import { z } from "zod";
import { HarmfulCategorySchema } from "../policy/policy-schema.ts";
import { ConceptIndex } from "./concepts.ts";
import type { FeatureSpec } from "./features.ts";
import { NORMALIZER_ID, normalizeIntent } from "./normalize.ts";

/** The shipped model: data/intent-model.v1.json (its sha256 is the digest the provenance records). */
export const INTENT_MODEL_URL: URL = new URL("../../data/intent-model.v1.json", import.meta.url);
export const INTENT_MODEL_FORMAT = "qrg-intent-model/1";

const perCategory = z.partialRecord(HarmfulCategorySchema, z.number().finite());

export const IntentModelFileSchema = z.object({
  format: z.literal(INTENT_MODEL_FORMAT),
  id: z.string().min(1),
  version: z.string().min(1),
  description: z.string().min(1),
  normalizer: z.literal(NORMALIZER_ID),
  features: z.object({
    hashBits: z.number().int().min(10).max(24),
    charMin: z.number().int().min(1),
    charMax: z.number().int().min(1),
    windowWords: z.number().int().min(1),
    windowStride: z.number().int().min(1),
    conceptWeight: z.number().min(0),
  }),
  /** Concept lexicon: tag → words, stems (`stab*`) and multi-word entries (see concepts.ts). */
  concepts: z.record(z.string().regex(/^[A-Z_]+$/), z.array(z.string().min(1))),
  /** Concepts used only in pairs. */
  pairOnly: z.array(z.string()),
  categories: z.array(HarmfulCategorySchema).min(1),
  thresholds: perCategory,
  bias: perCategory,
  scale: perCategory,
  /**
   * Non-zero buckets only, base64: for each, the gap to the previous bucket index as an unsigned LEB128 varint,
   * then one signed byte per category (weight = byte × scale[category]).
   */
  weights: z.object({
    encoding: z.literal("delta-varint-int8/1"),
    buckets: z.number().int(),
    data: z.string(),
  }),
  training: z.record(z.string(), z.unknown()),
});
export type IntentModelFile = z.output<typeof IntentModelFileSchema>;

/**
 * A model ready to score: the quantised weights as shipped, dense and bucket-major (`weights[bucket * C + c]`,
 * weight = value × scale[c]): 1.5 MB of int8 stays in cache far better than 6 MB of floats.
 */
export interface IntentModel {
  readonly id: string;
  readonly version: string;
  /** `sha256:<hex>` of the model file's bytes. */
  readonly digest: string;
  readonly spec: FeatureSpec;
  readonly concepts: ConceptIndex;
  readonly categories: readonly z.output<typeof HarmfulCategorySchema>[];
  readonly thresholds: Float64Array;
  readonly bias: Float64Array;
  readonly weights: Int8Array;
  readonly scale: Float64Array;
}

/** Packs quantised weights (bucket-major, one int8 per category) into the file's varint + int8 encoding. */
export function encodeWeights(quantised: Int8Array, categories: number): { buckets: number; data: string } {
  const bytes: number[] = [];
  let previous = 0;
  let buckets = 0;
  for (let bucket = 0; bucket * categories < quantised.length; bucket++) {
    let nonZero = false;
    for (let c = 0; c < categories; c++) if (quantised[bucket * categories + c] !== 0) nonZero = true;
    if (!nonZero) continue;
    let gap = bucket - previous;
    previous = bucket;
    buckets++;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    bytes.push(gap);
    for (let c = 0; c < categories; c++) bytes.push(quantised[bucket * categories + c]! & 0xff);
  }
  return { buckets, data: Buffer.from(bytes).toString("base64") };
}

function decodeWeights(file: IntentModelFile): Int8Array {
  const C = file.categories.length;
  const size = 1 << file.features.hashBits;
  const weights = new Int8Array(size * C);
  const bytes = Buffer.from(file.weights.data, "base64");
  let offset = 0;
  let bucket = 0;
  for (let n = 0; n < file.weights.buckets; n++) {
    let gap = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[offset++];
      if (b === undefined) throw new Error("weights end inside a bucket index");
      gap |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
    }
    bucket += gap;
    if (bucket >= size || offset + C > bytes.length) throw new Error(`bucket ${bucket} out of range`);
    for (let c = 0; c < C; c++) weights[bucket * C + c] = (bytes[offset++]! << 24) >> 24;
  }
  if (offset !== bytes.length) throw new Error("trailing bytes after the last bucket");
  return weights;
}

function invalid(source: string, errors: { path: string; message: string }[], cause?: unknown): never {
  throw new QRGValidationError(`intent model ${source} is invalid`, errors, { cause });
}

/** Parses and checks model file bytes; a malformed file is a `QRGValidationError` naming the field. */
export function parseIntentModel(bytes: Uint8Array, source = "<bytes>"): IntentModel {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (cause) {
    invalid(source, [{ path: "", message: String(cause) }], cause);
  }
  const parsed = IntentModelFileSchema.safeParse(json);
  if (!parsed.success) {
    invalid(
      source,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
      parsed.error,
    );
  }
  const file = parsed.data;
  for (const field of ["thresholds", "bias", "scale"] as const) {
    const missing = file.categories.filter((c) => file[field][c] === undefined);
    if (missing.length > 0) invalid(source, [{ path: field, message: `missing ${missing.join(", ")}` }]);
  }
  let weights: Int8Array;
  try {
    weights = decodeWeights(file);
  } catch (cause) {
    invalid(source, [{ path: "weights.data", message: (cause as Error).message }], cause);
  }
  return {
    id: file.id,
    version: file.version,
    digest: `sha256:${createHash("sha256").update(bytes).digest("hex")}`,
    spec: file.features,
    concepts: new ConceptIndex(file.concepts, normalizeIntent, file.pairOnly),
    categories: file.categories,
    thresholds: Float64Array.from(file.categories, (c) => file.thresholds[c]!),
    bias: Float64Array.from(file.categories, (c) => file.bias[c]!),
    scale: Float64Array.from(file.categories, (c) => file.scale[c]!),
    weights,
  };
}

/** Reads a model file (synchronously: it is loaded once, at start-up). @param file @default INTENT_MODEL_URL */
export function loadIntentModel(file: URL | string = INTENT_MODEL_URL): IntentModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    invalid(String(file), [{ path: "", message: String(cause) }], cause);
  }
  return parseIntentModel(bytes, String(file));
}
