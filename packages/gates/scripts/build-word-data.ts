// Rebuilds data/offensive-words.v2.json and data/dictionary-allow.v2.json from the public lists and
// dictionaries (see word-data-builder.ts): `pnpm --filter @qrg/gates build:data`. Deterministic; review the diff.
import { writeFileSync } from "node:fs";
import { buildWordData } from "./word-data-builder.ts";

const dataDir = new URL("../data/", import.meta.url);
const { offensive, allow } = buildWordData();
writeFileSync(new URL("offensive-words.v2.json", dataDir), `${JSON.stringify(offensive)}\n`);
writeFileSync(new URL("dictionary-allow.v2.json", dataDir), `${JSON.stringify(allow)}\n`);
const counts = Object.entries(offensive.languages).map(
  ([l, { terms, scoped }]) => `${l}:${terms.length}/${scoped.length}`,
);
const allowed = Object.values(allow.languages).reduce((n, words) => n + words.length, 0);
console.log(`offensive-words.v2.json: ${counts.join(" ")} (terms/scoped)`);
console.log(`dictionary-allow.v2.json: ${allowed} words`);
