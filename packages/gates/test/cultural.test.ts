import { describe, expect, it } from "vitest";
import {
  inspection,
  never,
  principal,
  request,
  svgDocument,
  symbolicArtifact,
  visualArtifact,
} from "./helpers/artifacts.ts";
import { gates, recordingLogger } from "./helpers/gates.ts";

const logger = recordingLogger();
const g = await gates({ quotasEnabled: false, logger });

function judge(tokens: string[], languages: string[] = ["en"], regions: string[] = []) {
  const req = request({ context: { cultural_context: { languages, regions } } });
  return g.cultural.evaluate(inspection(symbolicArtifact({ tokens }), req), never);
}

describe("the CulturalSafetyChecker's word screen", () => {
  it("passes Scunthorpe words: computadora, disputa, cocktail, assessment, Dickens, Scunthorpe", async () => {
    for (const word of ["computadora", "disputa", "cocktail", "assessment", "Dickens", "Scunthorpe"]) {
      const outcome = await judge(["luminous", word], ["en", "es", "fr"]);
      expect(outcome.status, word).toBe("approved");
      expect(outcome.score).toBe(1);
    }
  });

  it("passes `bite` for English readers and rejects it for French ones", async () => {
    expect((await judge(["bite"], ["en"])).status).toBe("approved");
    const french = await judge(["bite"], ["fr"]);
    expect(french).toMatchObject({ status: "rejected", rule_id: "offensive_language.fr", score: 0 });
    expect(french.reason).toBe("offensive language (fr, LDNOOBW word list)");
  });

  it("judges a word in every language the user reads (`con` is Spanish for `with`)", async () => {
    expect((await judge(["con"], ["fr"])).status).toBe("rejected");
    expect((await judge(["con"], ["fr", "es"])).status).toBe("approved");
  });

  it("rejects a slur in leetspeak, in look-alike Cyrillic letters, spaced out and stretched", async () => {
    for (const token of [
      "n1gg3r",
      "fаggоt",
      "f a g g o t",
      "cuuuunt",
      "$h!t",
      "ƒuck",
      "𝐟𝐮𝐜𝐤",
      "ｂｉｔｃｈ",
    ]) {
      const outcome = await judge([token]);
      expect(outcome.status, token).toBe("rejected");
      expect(outcome.rule_id).toBe("offensive_language.en");
    }
  });

  it("rejects offensive words of the user's other languages in any script", async () => {
    const cases: [string, string][] = [
      ["gilipollas", "es"],
      ["Scheiße", "de"],
      ["сука", "ru"],
      ["cyka", "ru"],
      ["orospu", "tr"],
      ["傻逼", "zh"],
      ["씨발", "ko"],
      ["まんこ", "ja"],
      ["شرموطة", "ar"],
      ["मादरचोद", "hi"],
    ];
    for (const [token, language] of cases) {
      // Abuse does not declare its language: every list applies to an English-only reader too.
      const english = await judge([token], ["en"]);
      expect(english.status, `${token} for en`).toBe("rejected");
      expect(english.rule_id).toBe(`offensive_language.${language}`);
      const outcome = await judge([token], [language]);
      expect(outcome.status, `${token} for ${language}`).toBe("rejected");
      expect(outcome.rule_id).toBe(`offensive_language.${language}`);
    }
  });

  it("finds terms inside unspaced text but keeps allowed phrases (处女座 is Virgo)", async () => {
    expect((await judge(["你这个傻逼"], ["zh"])).status).toBe("rejected");
    expect((await judge(["处女座的月亮"], ["zh"])).status).toBe("approved");
    expect((await judge(["グローバルななめらかさ"], ["ja"])).status).toBe("approved");
  });

  it("waives allowed phrases whose words are listed (pussy willow, the girl on the swing)", async () => {
    expect((await judge(["pussy willow"])).status).toBe("approved");
    expect((await judge(["the girl on the swing"])).status).toBe("approved");
    expect((await judge(["pussy"])).status).toBe("rejected");
  });

  it("applies region-specific terms only for users in that region", async () => {
    expect((await judge(["kaffir lily"], ["en"], ["US"])).status).toBe("approved");
    const outcome = await judge(["kaffir lily"], ["en"], ["ZA"]);
    expect(outcome).toMatchObject({ status: "rejected", rule_id: "regional_sensitivity.ZA" });
    expect(outcome.reason).toBe("term sensitive in region ZA");
  });

  it("checks every visible string: intent words, text alternative, SVG text, metadata and the echoed seed", async () => {
    const req = request({ seed: "a seed that says fuck off" });
    expect((await g.cultural.evaluate(inspection(symbolicArtifact(), req), never)).status).toBe("rejected");
    const artifacts = [
      symbolicArtifact({ intentWords: ["shit"] }),
      symbolicArtifact({ metadata: { title: { text: "bitch" } } }),
      visualArtifact({ textAlternative: "a cunt in the harbor" }),
      visualArtifact({
        svg: svgDocument({
          background: "#ffffff",
          shapes: [{ element: "text", fill: "#000000", text: "wanker" }],
        }),
      }),
    ];
    for (const artifact of artifacts) {
      const outcome = await g.cultural.evaluate(inspection(artifact, request(), principal(4)), never);
      expect(outcome.status).toBe("rejected");
    }
  });

  it("screens the whole intent, past the few words the engine keeps", async () => {
    const intent = "a quiet walk along the old harbour under a grey sky with that cabron";
    const req = request({ context: { intent, cultural_context: { languages: ["en"] } } });
    const artifact = symbolicArtifact({ intentWords: ["quiet", "walk", "old", "harbour", "grey", "sky"] });
    const outcome = await g.cultural.evaluate(inspection(artifact, req), never);
    expect(outcome).toMatchObject({ status: "rejected", rule_id: "offensive_language.es" });
  });

  it("reads inflections, respellings, missing accents and compounds, but not ordinary words", async () => {
    for (const [text, language] of [
      ["bitches", "en"],
      ["culos", "es"],
      ["phuck", "en"],
      ["cabron", "es"],
      ["merdes", "fr"],
      ["fuckwit", "en"],
    ] as const) {
      expect((await judge([text], ["en"])).status, text).toBe("rejected");
      expect((await judge([text], [language])).status, text).toBe("rejected");
    }
    for (const [text, language] of [
      ["análisis", "es"],
      ["analisis", "es"],
      ["pollo asado", "es"],
      ["cono de helado", "es"],
      ["glasses", "en"],
      ["pittura", "it"],
      ["grape juice", "en"],
    ] as const) {
      expect((await judge([text], [language])).status, text).toBe("approved");
      expect((await judge([text], ["en"])).status, text).toBe("approved");
    }
  });

  it("passes random machine-made seeds, reading them literally", async () => {
    for (const seed of [
      "quantum-seed-2025-11-10-xyz",
      "FK7MPhjPkUqEz2ZRM6ANPC+HjjKYCw5u3uZQIog1w8e",
      "2976469c5de625eee9a8d0c7a0a3a7b00bd93c6a35505c",
      "mkfSck6mj6lanW9dpN9diw==",
    ]) {
      const outcome = await g.cultural.evaluate(inspection(symbolicArtifact(), request({ seed })), never);
      expect(outcome.status, seed).toBe("approved");
    }
    const literal = await g.cultural.evaluate(
      inspection(symbolicArtifact(), request({ seed: "seed-2025-fuck-this" })),
      never,
    );
    expect(literal.status).toBe("rejected");
  });

  it("logs the rejection without the offending word", async () => {
    logger.records.length = 0;
    await judge(["bite"], ["fr"]);
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]!.fields).toMatchObject({
      event: "qrg.safety.rejection",
      gate: "CulturalSafetyChecker",
      rule_id: "offensive_language.fr",
      score: 0,
      user: "lid:test-user",
    });
    expect(JSON.stringify(logger.records)).not.toContain("bite");
  });
});

describe("the CulturalSafetyChecker's bias check", () => {
  it("flags an identity term next to negative-valence words with a warning and a lower score", async () => {
    const outcome = await judge(["immigrants", "criminal", "harbor"]);
    expect(outcome.status).toBe("approved");
    expect(outcome.score).toBe(0.9);
    expect(outcome.warnings).toEqual(["possible bias: ethnicity term next to negative-valence words"]);
  });

  it("rejects when several identity categories are cast negatively", async () => {
    const outcome = await judge(["women", "muslims", "lazy", "dirty"]);
    expect(outcome.status).toBe("rejected");
    expect(outcome.score).toBe(0.8);
    expect(outcome.rule_id).toBe("bias.identity_negative");
  });

  it("does not flag identity terms or negative words alone", async () => {
    expect((await judge(["women", "harbor", "bright"])).warnings).toEqual([]);
    expect((await judge(["lazy", "river"])).warnings).toEqual([]);
  });

  it("reads the bias lists in the user's languages", async () => {
    expect((await judge(["mujeres", "sucio"], ["en"])).warnings).toEqual([]);
    expect((await judge(["mujeres", "sucio"], ["es"])).warnings).toHaveLength(1);
  });

  it("gives the same verdict for the same tokens whatever regions are declared", async () => {
    const base = await judge(["immigrants", "criminal"], ["en"]);
    for (const regions of [["US"], ["MX", "ES"], ["JP"]]) {
      const outcome = await judge(["immigrants", "criminal"], ["en"], regions);
      expect({ ...outcome }).toEqual({ ...base });
    }
  });
});

describe("the CulturalSafetyChecker's conduct", () => {
  it("honours a threshold set at construction", async () => {
    const strict = await gates({ quotasEnabled: false, culturalThreshold: 0.95 });
    const outcome = await strict.cultural.evaluate(
      inspection(symbolicArtifact({ tokens: ["immigrants", "criminal"] })),
      never,
    );
    expect(outcome.status).toBe("rejected");
    expect(outcome.reason).toContain("below 0.95");
  });

  it("stops when its signal has aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("deadline"));
    await expect(g.cultural.evaluate(inspection(symbolicArtifact()), controller.signal)).rejects.toThrow(
      "deadline",
    );
  });
});
