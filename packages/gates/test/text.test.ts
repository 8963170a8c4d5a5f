import { describe, expect, it } from "vitest";
import { Lexicon } from "../src/lexicon/lexicon.ts";
import { prepareText } from "../src/text/prepare.ts";
import { languageLabels, readingOf } from "../src/text/reading.ts";

function found(terms: string[], text: string): string[] {
  const lexicon = new Lexicon(terms.map((term) => ({ term, meta: "x" })));
  return lexicon.findAll(prepareText(text)).map((hit) => hit.term);
}

describe("the token lexicon", () => {
  it("matches whole words only", () => {
    expect(found(["puta"], "la computadora y la disputa")).toEqual([]);
    expect(found(["puta"], "una puta")).toEqual(["puta"]);
  });

  it("matches phrases across separators and written as one word", () => {
    expect(found(["self harm"], "no self-harm here")).toEqual(["self harm"]);
    expect(found(["self harm"], "selfharm")).toEqual(["self harm"]);
    expect(found(["kill yourself"], "k.i.l.l yourself")).toEqual(["kill yourself"]);
  });

  it("matches prefixes from three letters, and skeletons of short prefixes never", () => {
    expect(found(["suicid*"], "suicidal thoughts")).toEqual(["suicid*"]);
    expect(found(["pédé*"], "un pédestre")).toEqual([]);
  });

  it("reads stretched letters and diacritics through skeletons, but not plain double letters", () => {
    expect(found(["coño"], "cono de helado")).toEqual([]);
    expect(found(["coño"], "coññño")).toEqual(["coño"]);
    expect(found(["sike"], "sikke")).toEqual([]);
    expect(found(["fuck"], "fuuuuck")).toEqual(["fuck"]);
  });

  it("reads leetspeak, masked letters and look-alikes from other scripts", () => {
    expect(found(["shit"], "$h!t")).toEqual(["shit"]);
    expect(found(["shit"], "sh1t")).toEqual(["shit"]);
    expect(found(["stronzo"], "un $7ronzo!")).toEqual(["stronzo"]);
    expect(found(["fuck"], "what the f*ck")).toEqual(["fuck"]);
    expect(found(["shit"], "ѕһіт")).toEqual(["shit"]);
    expect(found(["хуй"], "xуй")).toEqual(["хуй"]);
    expect(found(["amına koyayım"], "AMINA KOYAYIM")).toEqual(["amına koyayım"]);
  });

  it("never reads the digits of a machine-made string as letters", () => {
    expect(found(["tit", "shit"], "ti7/rd3l48bNFqE1bpwFSjBCat47")).toEqual([]);
    expect(found(["faggot"], "seed-f4gg0t-2025-11-10-xyz")).toEqual(["faggot"]);
    expect(found(["tit"], "random-2025-tit-seed")).toEqual(["tit"]);
  });

  it("searches unspaced scripts inside runs only for long enough terms", () => {
    expect(found(["傻逼"], "你这个傻逼！")).toEqual(["傻逼"]);
    expect(found(["乳"], "牛乳")).toEqual([]);
    expect(found(["乳"], "乳")).toEqual(["乳"]);
    expect(found(["グロ"], "グローバル")).toEqual([]);
  });
});

describe("reading contexts", () => {
  it("always include English and map language tags to list labels", () => {
    expect([...readingOf(undefined).languages]).toEqual(["en"]);
    expect([...readingOf({ languages: ["pt-BR", "fr-CA", "nb"] }).languages]).toEqual([
      "en",
      "pt",
      "fr",
      "fr-ca",
      "no",
    ]);
    expect(languageLabels("zh-Hant-TW")).toEqual(["zh"]);
    expect([...readingOf({ regions: ["za"], accessibility_needs: ["High Contrast"] }).regions]).toEqual([
      "ZA",
    ]);
    expect([
      ...readingOf({ accessibility_needs: ["High Contrast", "reduced-motion"] }).accessibility,
    ]).toEqual(["high_contrast", "reduced_motion"]);
  });
});

describe("seeds made of word-sized pieces", () => {
  it("reads leetspeak only in pieces that mix letters and digits", () => {
    expect(found(["xxx"], "inproc-par-17-xxxxxxxx")).toEqual([]);
    expect(found(["faggot"], "seed-f4gg0t-2025")).toEqual(["faggot"]);
  });
});
