import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicy } from "../src/policy/load-policy.ts";
import { InMemoryQuotaStore } from "../src/quota/in-memory-quota-store.ts";
import { admission, never, principal, request } from "./helpers/artifacts.ts";
import { gates, recordingLogger } from "./helpers/gates.ts";

const g = await gates({ quotasEnabled: false });

function admit(overrides: Parameters<typeof request>[0], tier = 3, consent = ["consciousness"]) {
  return g.constitutional.evaluate(admission(request(overrides), principal(tier, consent)), never);
}

describe("the ConstitutionalGatekeeper's tier rule", () => {
  it("refuses a visual artifact to a T2 token, naming the rule and the feature", async () => {
    const outcome = await admit({ options: { artifact_type: "visual" } }, 2);
    expect(outcome).toMatchObject({
      status: "rejected",
      rule_id: "tier.advanced_features",
      reason: "artifact_type visual requires tier 4 or above (effective tier 2)",
      score: 0,
    });
  });

  it("refuses audio, multimodal, quantum entropy and consensus below T4", async () => {
    for (const options of [
      { artifact_type: "audio" as const },
      { artifact_type: "multimodal" as const },
      { entropy_source: "quantum_rng" as const },
      { consensus_required: true },
    ]) {
      const outcome = await admit({ options }, 3);
      expect(outcome.status).toBe("rejected");
      expect(outcome.rule_id).toBe("tier.advanced_features");
    }
  });

  it("lets T4 and T5 tokens use every advanced feature", async () => {
    for (const tier of [4, 5]) {
      const outcome = await admit(
        { options: { artifact_type: "multimodal", entropy_source: "quantum_rng", consensus_required: true } },
        tier,
      );
      expect(outcome.status).toBe("approved");
    }
  });

  it("judges at the lower of the token's tier and the declared tier_level", async () => {
    const outcome = await admit({ context: { tier_level: 2 }, options: { artifact_type: "visual" } }, 5);
    expect(outcome.status).toBe("rejected");
    expect(outcome.reason).toContain("effective tier 2");
  });

  it("approves a plain symbolic request at T1 and records the policy it decided under", async () => {
    const outcome = await admit({}, 1);
    const { ref } = await loadPolicy();
    expect(outcome).toMatchObject({ status: "approved", score: 1, policy: ref, consciousness: "allowed" });
  });
});

describe("the ConstitutionalGatekeeper's consent rule", () => {
  it("goes on without consciousness adaptation and says so when the token lacks the consciousness scope", async () => {
    const outcome = await admit({ context: { consciousness_state: { cognitive_load: 0.4 } } }, 3, []);
    expect(outcome.status).toBe("approved");
    expect(outcome.consciousness).toBe("no_consent");
    expect(outcome.warnings).toEqual([
      "no consent for consciousness-aware processing (scope consciousness); generated without consciousness adaptation",
    ]);
  });

  it("allows consciousness adaptation with the scope", async () => {
    const outcome = await admit({}, 3, ["consciousness"]);
    expect(outcome.consciousness).toBe("allowed");
    expect(outcome.warnings).toEqual([]);
  });
});

describe("the ConstitutionalGatekeeper's harmful-intent screen", () => {
  const cases: [string, string, string[]][] = [
    ["how do I make a pipe bomb", "weapons", ["en"]],
    ["a poster saying kill yourself", "self_harm", ["en"]],
    ["heil hitler banner", "hate", ["en"]],
    ["naked children on a beach", "sexual_minors", ["en"]],
    ["plan a terrorist attack on the station", "terrorism", ["en"]],
    ["behead the prisoner", "violence", ["en"]],
    ["quiero suicidarme esta noche", "self_harm", ["es"]],
    ["fabriquer une bombe artisanale", "weapons", ["fr"]],
    ["Juden raus", "hate", ["de"]],
    ["детское порно", "sexual_minors", ["ru"]],
    ["殺してやる", "violence", ["ja"]],
    ["自杀", "self_harm", ["zh"]],
  ];
  for (const [intent, category, languages] of cases) {
    it(`rejects "${intent}" as ${category} for ${languages.join("+")} readers`, async () => {
      const outcome = await admit({ context: { intent, cultural_context: { languages } } });
      expect(outcome.status).toBe("rejected");
      expect(outcome.rule_id).toBe(`harmful_intent.${category}`);
      expect(outcome.reason).toBe(`harmful intent: ${category}`);
    });
  }

  it("sees through leetspeak, look-alike letters, spacing and stretched letters", async () => {
    for (const intent of [
      "k1ll y0urs3lf",
      "kіll yоurself",
      "k.i.l.l yourself",
      "suiiiicide",
      "s u i c i d e",
    ]) {
      const outcome = await admit({ context: { intent } });
      expect(outcome.rule_id, intent).toBe("harmful_intent.self_harm");
    }
  });

  it("screens the seed as well as the intent", async () => {
    const outcome = await admit({ seed: "how-to-make-a-bomb-2025-seed" });
    expect(outcome.rule_id).toBe("harmful_intent.weapons");
  });

  it("names the most specific category when phrases overlap", async () => {
    const outcome = await admit({ context: { intent: "a suicide bomber on a bus" } });
    expect(outcome.rule_id).toBe("harmful_intent.terrorism");
  });

  it("screens every language for every user: a request does not declare the language it is written in", async () => {
    const intent = "ich will sterben";
    expect((await admit({ context: { intent } })).status).toBe("rejected");
    expect((await admit({ context: { intent, cultural_context: { languages: ["de"] } } })).status).toBe(
      "rejected",
    );
  });

  it("passes ordinary creative intents that share words with harmful phrases", async () => {
    for (const intent of [
      "a shooting star over the bay",
      "kill time by the river",
      "a cocktail bar at night",
      "photo bomb of friends",
      "the slaughterhouse five book cover",
      "a massive blow up of the sun",
      "Maine coon cat in a rapeseed field",
      "strangler fig in the rainforest",
      "David Lynch style dream",
      "Mordor volcano landscape",
    ]) {
      expect((await admit({ context: { intent } })).status, intent).toBe("approved");
    }
  });

  it("passes random-looking seeds (deterministic fuzz of 2000 seeds)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^[0-9a-f]{16,64}$/),
          fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
          fc.stringMatching(/^quantum-seed-20[0-9]{2}-[01][0-9]-[0-3][0-9]-[a-z]{3,8}$/),
        ),
        async (seed) => {
          const outcome = await admit({ seed });
          return outcome.status === "approved";
        },
      ),
      { seed: 20251110, numRuns: 2000 },
    );
  });
});

describe("the ConstitutionalGatekeeper's quota", () => {
  async function quotaGates(clock: { now: number }) {
    const logger = recordingLogger();
    const set = await gates({ quotaStore: new InMemoryQuotaStore(), clock: () => clock.now, logger });
    return { set, logger };
  }

  it("refuses the 61st generation in a minute at T1 with a retry-after for the rest of the window", async () => {
    const clock = { now: 1_700_000_000_000 - (1_700_000_000_000 % 60_000) + 20_000 };
    const { set, logger } = await quotaGates(clock);
    const input = admission(request(), principal(1));
    for (let i = 0; i < 60; i++)
      expect((await set.constitutional.evaluate(input, never)).status).toBe("approved");
    const refused = await set.constitutional.evaluate(input, never);
    expect(refused).toMatchObject({ status: "rejected", rule_id: "quota", retry_after_seconds: 40 });
    expect(refused.reason).toBe("generation quota exhausted: 60 per 60 s for tier 1; retry after 40 s");
    expect(logger.records.at(-1)).toMatchObject({
      level: "warn",
      fields: {
        event: "qrg.safety.rejection",
        gate: "ConstitutionalGatekeeper",
        rule_id: "quota",
        retry_after_seconds: 40,
      },
    });
    clock.now += 40_000;
    expect((await set.constitutional.evaluate(input, never)).status).toBe("approved");
  });

  it("gives higher tiers larger quotas and keeps users apart", async () => {
    const clock = { now: 0 };
    const { set } = await quotaGates(clock);
    const t2 = admission(request({ user_id: "lid:two" }), principal(2, ["consciousness"], "lid:two"));
    const t1 = admission(request({ user_id: "lid:one" }), principal(1, ["consciousness"], "lid:one"));
    for (let i = 0; i < 120; i++)
      expect((await set.constitutional.evaluate(t2, never)).status).toBe("approved");
    expect((await set.constitutional.evaluate(t2, never)).rule_id).toBe("quota");
    expect((await set.constitutional.evaluate(t1, never)).status).toBe("approved");
  });

  it("does not count requests refused for another reason", async () => {
    const clock = { now: 0 };
    const { set } = await quotaGates(clock);
    const refused = admission(request({ options: { artifact_type: "visual" } }), principal(1));
    for (let i = 0; i < 100; i++) await set.constitutional.evaluate(refused, never);
    expect((await set.constitutional.evaluate(admission(request(), principal(1)), never)).status).toBe(
      "approved",
    );
  });

  it("is switched off for benchmarks (QRG_QUOTAS=off)", async () => {
    const set = await gates({ quotasEnabled: false, clock: () => 0 });
    const input = admission(request(), principal(1));
    for (let i = 0; i < 500; i++)
      expect((await set.constitutional.evaluate(input, never)).status).toBe("approved");
  });
});

describe("the ConstitutionalGatekeeper's conduct", () => {
  it("logs every rejection as a structured record with gate, rule, reason, score and policy", async () => {
    const logger = recordingLogger();
    const set = await gates({ quotasEnabled: false, logger });
    await set.constitutional.evaluate(admission(request({ context: { intent: "build a bomb" } })), never);
    expect(logger.records).toEqual([
      {
        level: "warn",
        message: "ConstitutionalGatekeeper rejected: harmful_intent.weapons",
        fields: expect.objectContaining({
          event: "qrg.safety.rejection",
          gate: "ConstitutionalGatekeeper",
          rule_id: "harmful_intent.weapons",
          reason: "harmful intent: weapons",
          score: 0,
          user: "lid:test-user",
          policy_version: "1.0.0",
          policy_digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        }),
      },
    ]);
    expect(JSON.stringify(logger.records)).not.toContain("bomb");
  });

  it("stops when its signal has aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("budget spent"));
    await expect(g.constitutional.evaluate(admission(request()), controller.signal)).rejects.toThrow(
      "budget spent",
    );
  });

  it("is ready once compiled", () => {
    expect(g.constitutional.ready()).toBe(true);
    expect(g.constitutional.name).toBe("ConstitutionalGatekeeper");
  });
});

describe("the harmful-intent phrase templates", () => {
  const intent = (text: string, languages: string[]) =>
    admit({ context: { intent: text, cultural_context: { languages } } } as Parameters<typeof request>[0]);

  it.each([
    ["help me kill my neighbour tonight", ["en"]],
    ["I will murder the teacher", ["en"]],
    ["quiero matar a mi vecino", ["es"]],
    ["je vais tuer mon voisin", ["fr"]],
    ["ich will meinen Nachbarn töten", ["de"]],
  ])("rejects violence against a person: %s", async (text, languages) => {
    const outcome = await intent(text, languages);
    expect(outcome).toMatchObject({ status: "rejected", rule_id: "harmful_intent.violence" });
  });

  it.each([
    ["kill time by the lake", ["en"]],
    ["a murder mystery in autumn", ["en"]],
    ["my neighbour's killer whale painting", ["en"]],
  ])("lets an ordinary sentence with a violent word through: %s", async (text, languages) => {
    expect((await intent(text, languages)).status).toBe("approved");
  });

  it("reads leetspeak in the word-sized pieces of a seed", async () => {
    const outcome = await admit({ seed: "seed-f4gg0t-2025-11-10-xyz" });
    expect(outcome).toMatchObject({ status: "rejected", rule_id: "harmful_intent.hate" });
  });
});
