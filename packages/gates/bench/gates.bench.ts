// Latency of the three safety gates: `node packages/gates/bench/gates.bench.ts [iterations]`
// (`pnpm --filter @qrg/gates bench`). Prints the cold start-up (read the data files and compile every matcher),
// then median and p99 per gate and for the three together (Constitutional, then Cultural and Cognitive, as the
// orchestrator runs them). Goals: start-up <= 300 ms; all three p99 <= 1 ms for a 500-character intent.
// Quotas are off, as in `pnpm bench`.
import { createSafetyGates } from "../src/create-safety-gates.ts";
import {
  admission,
  inspection,
  never,
  principal,
  request,
  symbolicArtifact,
  TYPICAL_TOKENS,
  visualArtifact,
} from "../test/helpers/artifacts.ts";

const iterations = Number(process.argv[2] ?? 5000);
const coldStart = performance.now();
const coldCpu = process.cpuUsage();
const gates = await createSafetyGates({ quotasEnabled: false });
const startupMs = performance.now() - coldStart;
const cpu = process.cpuUsage(coldCpu);
// CPU time as well as wall time: on a shared machine the wall time mostly measures the other processes.
console.log(
  `start-up (load data, compile matchers): ${startupMs.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (goal <= 300 ms)`,
);

/** A benign 500-character intent: every word is screened, so this is the worst ordinary case. */
const LONG_INTENT = (
  "a slow walk along the old harbour at dusk, with fishing boats rocking on the tide, gulls circling above " +
  "the lighthouse, the smell of salt and rain, children laughing near the market stalls, a violinist playing " +
  "an old folk tune, warm bread from the bakery on the corner, lanterns coming on one by one along the quay, " +
  "and the last ferry crossing the bay while the clouds turn pink and orange over the hills, a quiet evening " +
  "remembered with gratitude and calm, the kind of memory one keeps for years and returns to on grey days"
).slice(0, 500);
const who = principal(4, ["consciousness"]);

const scenarios = {
  "500-character intent, en+es+fr reader": {
    req: request({
      seed: "harbour-evening-2026-12-03",
      context: {
        intent: LONG_INTENT,
        consciousness_state: { emotional_valence: 0.4, cognitive_load: 0.3, attention_focus: 0.7 },
        cultural_context: { languages: ["en", "es", "fr"], regions: ["US", "MX", "FR"] },
        tier_level: 4,
      },
    }),
    artifact: symbolicArtifact({
      tokens: TYPICAL_TOKENS,
      intentWords: ["slow", "walk", "harbour", "dusk", "fishing", "boats"],
    }),
  },
  "symbolic, en+es reader": {
    req: request({
      seed: "quantum-seed-2025-11-10-xyz",
      context: {
        intent: "a calm harbor at dusk with drifting lanterns",
        consciousness_state: { emotional_valence: 0.2, cognitive_load: 0.4, attention_focus: 0.7 },
        cultural_context: { languages: ["en", "es"], regions: ["US", "MX"] },
        tier_level: 4,
      },
    }),
    artifact: symbolicArtifact({
      tokens: TYPICAL_TOKENS,
      intentWords: ["calm", "harbor", "dusk", "lanterns"],
    }),
  },
  "visual (SVG), en reader, high_contrast": {
    req: request({
      context: {
        intent: "quiet geometry",
        cultural_context: { languages: ["en"], accessibility_needs: ["high_contrast", "screen_reader"] },
        tier_level: 4,
      },
      options: { artifact_type: "visual" },
    }),
    artifact: visualArtifact({ tokens: TYPICAL_TOKENS, intentWords: ["quiet", "geometry"] }),
  },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`.padStart(10);
  console.log(
    `  ${name.padEnd(24)} median ${us(percentile(sorted, 50))}   p99 ${us(percentile(sorted, 99))}`,
  );
}

for (const [scenario, { req, artifact }] of Object.entries(scenarios)) {
  const admit = admission(req, who);
  const inspect = inspection(artifact, req, who);
  const times = {
    constitutional: [] as number[],
    cultural: [] as number[],
    cognitive: [] as number[],
    total: [] as number[],
  };
  for (let i = 0; i < iterations + 500; i++) {
    const t0 = performance.now();
    const admitted = await gates.constitutional.evaluate(admit, never);
    const t1 = performance.now();
    const cultural = await gates.cultural.evaluate(inspect, never);
    const t2 = performance.now();
    const cognitive = await gates.cognitive.evaluate(inspect, never);
    const t3 = performance.now();
    if (admitted.status !== "approved" || cultural.status !== "approved" || cognitive.action !== "proceed") {
      throw new Error(
        `benchmark artifact was not approved: ${JSON.stringify({ admitted, cultural, cognitive })}`,
      );
    }
    if (i < 500) continue;
    times.constitutional.push(t1 - t0);
    times.cultural.push(t2 - t1);
    times.cognitive.push(t3 - t2);
    times.total.push(t3 - t0);
  }
  console.log(`${scenario} (${iterations} runs)`);
  report("ConstitutionalGatekeeper", times.constitutional);
  report("CulturalSafetyChecker", times.cultural);
  report("CognitiveLoadEstimator", times.cognitive);
  report("all three", times.total);
}
