// Property tests of the one normalisation pipeline every word screen shares (text/fold.ts, text/prepare.ts,
// words/spelling.ts): obfuscations of a listed word are still found, and case, width and invisible characters
// never change a verdict.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { OffensiveScreen } from "../src/cultural/offensive-screen.ts";
import { type GateData, loadGateData } from "../src/data/gate-data.ts";
import { AllowList } from "../src/lexicon/allow-list.ts";
import { foldCase } from "../src/text/fold.ts";
import { prepareText } from "../src/text/prepare.ts";
import { readingOf } from "../src/text/reading.ts";
import { phoneticKey, stripAccents } from "../src/words/spelling.ts";

let screen: OffensiveScreen;
/** The words' own languages are declared, as the evaluation does: some are scoped (ordinary elsewhere). */
const reader = readingOf({ languages: ["en", "es", "fr", "it", "de", "pt"] } as never);

function refused(text: string): boolean {
  return screen.find([prepareText(text)], [text], reader) !== undefined;
}

beforeAll(async () => {
  const data: GateData = await loadGateData();
  screen = new OffensiveScreen(data, new AllowList(data.allowList.languages));
});

/** Unambiguous words of several languages' lists, in plain ASCII. */
const WORDS = ["fuck", "shit", "bitch", "cunt", "puta", "merde", "cazzo", "scheisse", "asshole", "bastard"];
const LEET: Record<string, string[]> = {
  a: ["4", "@"],
  e: ["3"],
  i: ["1", "!"],
  o: ["0"],
  s: ["$", "5"],
  t: ["7"],
};
const ACCENT: Record<string, string> = { a: "á", e: "é", i: "í", o: "ö", u: "ü", c: "ç", n: "ñ" };
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060", "\u00AD"];

const word = fc.constantFrom(...WORDS);
const context = fc.constantFrom(["", ""], ["a quiet walk and ", " by the sea"], ["", " again"], ["you ", ""]);

/** One obfuscation people use, applied to `w`. */
const obfuscation = fc.oneof(
  fc.constant((w: string) => w.toUpperCase()),
  fc.constant((w: string) => [...w].join(" ")),
  fc.constant((w: string) => [...w].join(".")),
  fc.constant((w: string) => [...w].join("-")),
  fc.nat().map((n) => (w: string) => {
    const vowels = [...w].flatMap((c, i) => ("aeiou".includes(c) ? [i] : []));
    if (vowels.length === 0) return w;
    const at = vowels[n % vowels.length]!;
    return `${w.slice(0, at)}*${w.slice(at + 1)}`;
  }),
  fc.nat().map((n) => (w: string) => {
    const places = [...w].flatMap((c, i) => (LEET[c] ? [i] : []));
    if (places.length === 0) return w;
    const at = places[n % places.length]!;
    const options = LEET[w[at]!]!;
    return w.slice(0, at) + options[n % options.length] + w.slice(at + 1);
  }),
  fc.record({ at: fc.nat(), times: fc.integer({ min: 3, max: 6 }) }).map(({ at, times }) => (w: string) => {
    const i = at % w.length;
    return w.slice(0, i) + w[i]!.repeat(times) + w.slice(i + 1);
  }),
  fc.nat().map((n) => (w: string) => {
    const places = [...w].flatMap((c, i) => (ACCENT[c] ? [i] : []));
    if (places.length === 0) return w;
    const at = places[n % places.length]!;
    return w.slice(0, at) + ACCENT[w[at]!] + w.slice(at + 1);
  }),
  fc.nat().map((n) => (w: string) => {
    const i = 1 + (n % (w.length - 1));
    return w.slice(0, i) + ZERO_WIDTH[n % ZERO_WIDTH.length] + w.slice(i);
  }),
  // Full-width forms (NFKC folds them back).
  fc.constant((w: string) => [...w].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("")),
);

describe("the shared normalisation pipeline", () => {
  it("finds a listed word under any single obfuscation, anywhere in a text", () => {
    fc.assert(
      fc.property(word, obfuscation, context, (w, obfuscate, [before, after]) => {
        const text = `${before}${obfuscate(w)}${after}`;
        expect(refused(text), text).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same verdict whatever the case, width or invisible characters of a text", () => {
    const ascii = fc.stringMatching(/^[a-z]{2,10}( [a-z]{2,10}){0,3}$/);
    fc.assert(
      fc.property(ascii, (text) => {
        const verdict = refused(text);
        expect(refused(text.toUpperCase())).toBe(verdict);
        const wide = [...text].map((c) => (c === " " ? c : String.fromCodePoint(c.codePointAt(0)! + 0xfee0)));
        expect(refused(wide.join(""))).toBe(verdict);
        expect(refused(text.replace(/(\S)(\S)/, "$1\u200B$2"))).toBe(verdict);
      }),
      { numRuns: 300 },
    );
  });

  it("has idempotent folds", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (text) => {
        expect(foldCase(foldCase(text))).toBe(foldCase(text));
        expect(stripAccents(stripAccents(text))).toBe(stripAccents(text));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,12}$/), (w) => {
        expect(phoneticKey(phoneticKey(w))).toBe(phoneticKey(w));
      }),
    );
  });

  it("reads phonetic respellings", () => {
    for (const text of ["phuck off", "what a phucking day", "phuk", "sheisse"]) {
      expect(refused(text), text).toBe(true);
    }
  });
});
