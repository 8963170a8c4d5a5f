import type { KeyStream } from "./drbg.ts";
import type { SelectedToken } from "./select.ts";

/** Audio format of every render: 16-bit PCM mono at this rate. */
export const SAMPLE_RATE = 22050;
/** Hard ceiling on a render's length. */
export const MAX_AUDIO_SECONDS = 5;
const MIN_SECONDS = 2;
const TAIL_SECONDS = 0.6;

// Q15 sine table: all synthesis below is integer arithmetic on it, so the samples are bit-identical on every
// machine (the only floating-point steps are rounded to integers before use).
const TABLE_BITS = 12;
const SINE = Int16Array.from({ length: 1 << TABLE_BITS }, (_, i) =>
  Math.round(32767 * Math.sin((2 * Math.PI * i) / (1 << TABLE_BITS))),
);
const MAJOR_PENTATONIC = [0, 2, 4, 7, 9];
const MINOR_PENTATONIC = [0, 3, 5, 7, 10];
const BASE_HZ = 196; // G3

export interface WavRender {
  bytes: Uint8Array;
  seconds: number;
  mode: "major" | "minor";
  tempo: "slow" | "moderate" | "quick";
}

const increment = (hz: number): number => Math.round((hz * 2 ** 32) / SAMPLE_RATE) >>> 0;

/** One note's parameters, all integers. */
interface Note {
  start: number;
  length: number;
  attack: number;
  inc: number;
  peak: number;
  overtone: number;
}

/**
 * A deterministic WAV (RIFF, 16-bit PCM mono, 22.05 kHz, 2–5 s): one plucked tone per token over a soft
 * drone. Pitch walks a two-octave pentatonic scale by token valence (major when the mean valence is ≥ 0,
 * minor below), tempo follows arousal (calmer means longer notes), brightness (a second harmonic) follows
 * token complexity, and the key is transposed by up to ±3 semitones from the render stream.
 */
export function renderWav(
  stream: KeyStream,
  tokens: readonly SelectedToken[],
  valence: number,
  arousal: number,
): WavRender {
  const mode = valence >= 0 ? "major" : "minor";
  const scale = mode === "major" ? MAJOR_PENTATONIC : MINOR_PENTATONIC;
  const transpose = stream.int(7) - 3;
  const base = BASE_HZ * 2 ** (transpose / 12);
  const noteSeconds = 0.5 - 0.2 * arousal;
  const step = Math.round(noteSeconds * SAMPLE_RATE);
  const ring = Math.round(step * 1.6);
  const seconds = Math.min(
    MAX_AUDIO_SECONDS - 0.5,
    Math.max(MIN_SECONDS, (tokens.length * step + ring) / SAMPLE_RATE + TAIL_SECONDS),
  );
  const total = Math.round(seconds * SAMPLE_RATE);

  const notes: Note[] = tokens.map((token, i) => {
    const degree = Math.min(9, Math.floor(((token.valence + 1) / 2) * 10));
    const semitone = scale[degree % 5]! + 12 * Math.floor(degree / 5);
    return {
      start: i * step,
      length: ring,
      attack: Math.round(0.015 * SAMPLE_RATE),
      inc: increment(base * 2 ** (semitone / 12)),
      peak: 9000,
      overtone: Math.round(16384 * token.complexity),
    };
  });

  const mix = new Int32Array(total);
  for (const note of notes) {
    let phase = 0;
    let phase2 = 0;
    const end = Math.min(total, note.start + note.length);
    for (let t = note.start; t < end; t++) {
      const n = t - note.start;
      const envelope =
        n < note.attack
          ? Math.floor((note.peak * n) / note.attack)
          : Math.floor((note.peak * (note.length - n)) / (note.length - note.attack));
      const fundamental = (SINE[phase >>> (32 - TABLE_BITS)]! * envelope) >> 15;
      const bright = (SINE[phase2 >>> (32 - TABLE_BITS)]! * ((envelope * note.overtone) >> 15)) >> 15;
      mix[t]! += fundamental + (bright >> 1);
      phase = (phase + note.inc) >>> 0;
      phase2 = (phase2 + 2 * note.inc) >>> 0;
    }
  }

  // Drone an octave below the key, faded in and out over 0.2 s.
  const droneInc = increment(base / 2);
  const fade = Math.round(0.2 * SAMPLE_RATE);
  const dronePeak = 2600;
  let dronePhase = 0;
  for (let t = 0; t < total; t++) {
    const edge = Math.min(t, total - 1 - t, fade);
    const level = Math.floor((dronePeak * edge) / fade);
    mix[t]! += (SINE[dronePhase >>> (32 - TABLE_BITS)]! * level) >> 15;
    dronePhase = (dronePhase + droneInc) >>> 0;
  }

  const bytes = new Uint8Array(44 + total * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + total * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // PCM fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, total * 2, true);
  for (let t = 0; t < total; t++) {
    const s = mix[t]!;
    view.setInt16(44 + 2 * t, Math.min(32767, Math.max(-32768, s)), true);
  }
  const tempo = noteSeconds > 0.42 ? "slow" : noteSeconds > 0.36 ? "moderate" : "quick";
  return { bytes, seconds: total / SAMPLE_RATE, mode, tempo };
}
