import { createRequire } from "node:module";
import { AllowList, loadGateData, OffensiveScreen, prepareText, readingOf } from "../src/index.ts";
const require = createRequire(import.meta.url);
const words = require("an-array-of-english-words") as string[];
const data = await loadGateData();
const screen = new OffensiveScreen(data, new AllowList(data.allowList.languages));
const langs = process.argv[2]?.split(",") ?? ["en"];
const reading = readingOf({ languages: langs });
const flagged: string[] = [];
const t0 = performance.now();
for (const w of words) {
  const f = screen.find([prepareText(w)], w, reading);
  if (f) flagged.push(`${w}(${f.rule_id.split(".")[1]}:${f.term})`);
}
console.log(`${flagged.length} flagged of ${words.length} in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
console.log(flagged.join(" "));
