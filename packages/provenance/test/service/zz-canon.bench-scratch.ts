import { canonicalJson } from "@qrg/core";
import { buildProvenanceStatement } from "../../src/attestation/statement.ts";
import { POLICY, scenario } from "./fixtures.ts";
const { input } = scenario("ed25519");
const st = buildProvenanceStatement({ qrgId: input.qrg_id, artifact: input.artifact, request: input.request, options: input.options, builderId: "b", generatorVersion: "1", startedOn: input.started_on, finishedOn: input.finished_on, policy: POLICY });
function ser(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean": return value ? "true" : "false";
    case "number": if (!Number.isFinite(value)) throw new TypeError("x"); return JSON.stringify(value);
    case "string": return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) { let out = "["; for (let i = 0; i < value.length; i++) { if (i) out += ","; out += ser(value[i]); } return out + "]"; }
      const keys = Object.keys(value as object).sort();
      let out = "{"; let first = true;
      for (const k of keys) { const v = (value as Record<string, unknown>)[k]; if (v === undefined) continue; if (!first) out += ","; first = false; out += JSON.stringify(k) + ":" + ser(v); }
      return out + "}";
    }
    default: throw new TypeError("x");
  }
}
if (ser(st) !== canonicalJson(st)) throw new Error("differs");
for (const [name, fn] of [["core", canonicalJson], ["fast", ser], ["stringify", JSON.stringify]] as const) {
  for (let i = 0; i < 1000; i++) fn(st);
  const t = performance.now(); for (let i = 0; i < 20000; i++) fn(st);
  console.log(name, ((performance.now() - t) / 20000 * 1000).toFixed(1), "us");
}
