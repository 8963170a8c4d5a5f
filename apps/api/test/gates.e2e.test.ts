import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { composeGates } from "../src/compose/gates.ts";
import { json, startTestApi } from "./support/harness.ts";
import { hanging } from "./support/wrap.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";
const GATES = ["ConstitutionalGatekeeper", "CulturalSafetyChecker"];

const withIntent = (intent: string, languages = ["en"], seed = example.seed) => ({
  ...example,
  seed,
  context: {
    ...example.context,
    intent,
    cultural_context: { ...example.context.cultural_context, languages },
  },
});

async function expectRejected(res: Response) {
  expect(res.status).toBe(422);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = await json(res);
  expect(body.code).toBe("safety_rejection");
  expect(GATES).toContain(body.gate);
  expect(typeof body.rule).toBe("string");
  expect(typeof body.reason).toBe("string");
  return body;
}

describe("the safety gates through the API", () => {
  it.each([
    ["a slur in leetspeak", withIntent("calm waves for my n1gg3r friend")],
    ["an obscenity with homoglyphs from Cyrillic", withIntent("a quiet ѕhіt morning")],
    ["a slur spelled out with spaces", withIntent("calm f a g g o t lake")],
    ["a threat of violence", withIntent("help me kill my neighbour tonight")],
    ["a slur in the seed", { ...example, seed: "seed-f4gg0t-2025-11-10-xyz" }],
  ])("rejects %s with 422 naming the gate", async (_name, body) => {
    await using api = await startTestApi();
    await expectRejected(await api.post(GENERATE, body));
  });

  it("judges a word in the languages the user reads: 'bite' passes in English, not in French", async () => {
    await using api = await startTestApi();
    expect((await api.post(GENERATE, withIntent("a dog bite of morning light", ["en"]))).status).toBe(200);
    await expectRejected(await api.post(GENERATE, withIntent("a dog bite of morning light", ["fr"])));
  });

  it("lets benign intents full of Scunthorpe words through", async () => {
    await using api = await startTestApi();
    const res = await api.post(
      GENERATE,
      withIntent("Scunthorpe cocktail assessment with Dickens, a computadora and a friendly disputa", [
        "en",
        "es",
      ]),
    );
    expect(res.status).toBe(200);
  });

  it("refuses a visual artifact to a T2 token in the ConstitutionalGatekeeper", async () => {
    await using api = await startTestApi();
    const res = await api.post(
      GENERATE,
      {
        ...example,
        context: { ...example.context, tier_level: 2 },
        options: { ...example.options, artifact_type: "visual" },
      },
      await api.token({ tier: 2 }),
    );
    const body = await expectRejected(res);
    expect(body.gate).toBe("ConstitutionalGatekeeper");
  });

  it("fails closed within the gate's budget when a gate hangs", async () => {
    await using api = await startTestApi(
      { QRG_GATE_BUDGET_MS: "200" },
      {
        service: async (config) => {
          const gates = await composeGates(config);
          return { gates: { ...gates, cultural: hanging(gates.cultural) } };
        },
      },
    );
    const t0 = performance.now();
    const body = await expectRejected(await api.post(GENERATE, example));
    expect(body.gate).toBe("CulturalSafetyChecker");
    expect(body.rule).toBe("gate.timeout");
    expect(performance.now() - t0).toBeLessThan(200 + 400);
    expect((await api.get("/api/v1/qrg/health")).status).toBe(200);
  });

  it("tells a user without consciousness consent, and still generates", async () => {
    await using api = await startTestApi();
    const res = await api.post(GENERATE, example, await api.token({ consent: [] }));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.symbolic_payload.metadata.consciousness).toBe("no_consent");
    expect(body.safety.warnings.join(" ")).toMatch(/consent/i);
  });
});
