import { createHash } from "node:crypto";
import { canonicalJsonBytes } from "@qrg/core";
import { hkdfSha256Key, KeyStream } from "./drbg.ts";
import { loadLexicon } from "./lexicon.ts";
import type { GenerationParams } from "./params.ts";
import { ENGINE_VERSION } from "./version.ts";

const encoder = new TextEncoder();
const SALT_LABEL = encoder.encode(`${ENGINE_VERSION} salt`);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** `label ‖ SHA-256(canonicalJson(params))`: hashing keeps info within hkdfSync's 1024 bytes for any intent. */
function info(label: string, params: Record<string, unknown>): Uint8Array {
  const digest = createHash("sha256").update(canonicalJsonBytes(params)).digest();
  return concat(encoder.encode(`${ENGINE_VERSION} ${label}\n`), digest);
}

/**
 * The two keys of an artifact, both HKDF-SHA256 with the seed's UTF-8 bytes as IKM and
 * salt = "qrg-engine/1 salt" ‖ external entropy bytes (none for pseudo_rng):
 *
 * - selection key, info = "qrg-engine/1 selection\n" ‖ SHA-256(canonicalJson({engine, lexicon, entropy,
 *   intent_words})). Its stream gives the per-word noise of token selection and the harmonic phases. It
 *   deliberately leaves out the consciousness state and complexity_level: with the same noise (common random
 *   numbers) the state and the level act through monotone scoring, so for one seed a higher valence never
 *   lowers the mean token valence and a higher load or level never raises the complexity. It also leaves
 *   out render options (artifact_type, accessibility_needs, hash_algorithm): they change how an artifact is
 *   rendered, never what it says.
 * - render key, info = "qrg-engine/1 render\n" ‖ SHA-256(canonicalJson of every parameter that shapes the output):
 *   engine, lexicon, entropy, consciousness mode and state as applied, intent_words, artifact_type,
 *   accessibility_needs, hash_algorithm, complexity_level. Its stream drives the SVG and WAV renders.
 *
 * Never in either key: languages, regions (a bias test proves they change nothing), timeout_ms and
 * signature_algorithm (signing happens outside the artifact).
 */
export function selectionStream(params: GenerationParams): KeyStream {
  return keyedStream(params, "selection", {});
}

/** The render key's stream (see selectionStream for the construction). */
export function renderStream(params: GenerationParams): KeyStream {
  return keyedStream(params, "render", {
    consciousness: { mode: params.mode, state: params.state },
    artifact_type: params.artifactType,
    accessibility_needs: params.accessibility,
    hash_algorithm: params.hashAlgorithm,
    complexity_level: params.complexityLevel,
  });
}

/** HKDF key for `label` over the fields both keys share plus `fields` (canonical JSON: order is irrelevant). */
function keyedStream(params: GenerationParams, label: string, fields: Record<string, unknown>): KeyStream {
  return new KeyStream(
    hkdfSha256Key(
      encoder.encode(params.seed),
      concat(SALT_LABEL, params.externalBytes),
      info(label, {
        engine: ENGINE_VERSION,
        lexicon: loadLexicon().digest,
        entropy: params.entropy,
        intent_words: params.intentWords,
        ...fields,
      }),
    ),
  );
}
