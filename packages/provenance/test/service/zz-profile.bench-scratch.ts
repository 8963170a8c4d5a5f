import { canonicalJsonBytes } from "@qrg/core";
import { buildProvenanceStatement } from "../../src/attestation/statement.ts";
import { buildStatementBundle } from "../../src/attestation/sigstore-bundle.ts";
import { signStatement } from "../../src/attestation/sign-statement.ts";
import { createProvenanceService } from "../../src/service.ts";
import { POLICY, scenario } from "./fixtures.ts";
import { generateTestKey, memoryKeyRing } from "./test-keys.ts";

const key = generateTestKey("ed25519");
const { input } = scenario("ed25519");
const p = { qrgId: input.qrg_id, artifact: input.artifact, request: input.request, options: input.options, builderId: "b", generatorVersion: "1", startedOn: input.started_on, finishedOn: input.finished_on, policy: POLICY };
async function time(name: string, n: number, fn: () => unknown) {
  for (let i = 0; i < 200; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(name, ((performance.now() - t) / n * 1000).toFixed(1), "us");
}
const st = buildProvenanceStatement(p);
const payload = canonicalJsonBytes(st);
console.log("payload bytes", payload.length);
await time("statement", 5000, () => buildProvenanceStatement(p));
await time("canonical", 5000, () => canonicalJsonBytes(st));
await time("raw sign", 5000, () => key.sign(payload));
const { sign } = await import("node:crypto");
await time("sync sign", 5000, () => sign(null, payload, key.privateKey));
await time("bundle", 5000, () => buildStatementBundle(key, payload));
await time("signStatement", 5000, () => signStatement(payload, [key]));
const svc = createProvenanceService({ keyRing: memoryKeyRing([key]), builderId: "b", generatorVersion: "1" });
const signal = new AbortController().signal;
await time("attest", 5000, () => svc.attest(input, signal));
