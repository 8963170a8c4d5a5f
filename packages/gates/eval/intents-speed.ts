// Load time and per-intent latency of the harmful-intent classifier: `node eval/intents-speed.ts [iterations]`.
// Scores 500-character intents (held-out items padded with ordinary text) and prints median and p99.
import { performance } from "node:perf_hooks";
import { IntentClassifier } from "../src/intent-classifier/classifier.ts";
import { loadIntentModel } from "../src/intent-classifier/model-file.ts";
import { PADDING, readHeldOut } from "./intents-data.ts";

const iterations = Number(process.argv[2] ?? 20_000);
const loadStart = performance.now();
const classifier = new IntentClassifier(loadIntentModel());
const loadMs = performance.now() - loadStart;

/** Held-out items brought to exactly 500 characters with ordinary text of their language. */
const intents = readHeldOut().map((item) => {
  const pad = PADDING[item.language] ?? PADDING.en!;
  return `${item.text}, ${pad} ${pad}`.slice(0, 500);
});
for (let i = 0; i < 2000; i++) classifier.classify(intents[i % intents.length]!);
const samples = new Float64Array(iterations);
// CPU time as well as wall time: on a shared machine wall-clock percentiles include time the process was not
// scheduled at all.
const cpuStart = process.cpuUsage();
for (let i = 0; i < iterations; i++) {
  const text = intents[i % intents.length]!;
  const t = performance.now();
  classifier.classify(text);
  samples[i] = performance.now() - t;
}
const cpu = process.cpuUsage(cpuStart);
samples.sort();
const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
console.log(
  `model load ${loadMs.toFixed(1)} ms; 500-char intent over ${iterations} runs: ` +
    `median ${(at(0.5) * 1000).toFixed(1)} µs, p99 ${(at(0.99) * 1000).toFixed(1)} µs, max ${(at(1) * 1000).toFixed(1)} µs; ` +
    `CPU time per intent ${((cpu.user + cpu.system) / iterations).toFixed(1)} µs`,
);
