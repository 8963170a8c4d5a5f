// Precompiles the lexicons the gates would compile at every start-up (the offensive-word lists and the
// harmful-intent phrases with their expanded templates) into data/lexicons.compiled.v1.json:
// `pnpm --filter @qrg/gates build:lexicons`. Deterministic; `--check` exits 1 when the shipped file differs.
// Run it after build:data, after editing data/harmful-intent.v1.json or the policy, or after changing a fold.
import { readFileSync, writeFileSync } from "node:fs";
import { PRECOMPILED_LEXICONS_FILE } from "../src/data/precompiled.ts";
import { buildLexiconBundle } from "./lexicon-bundle.ts";

const target = new URL(`../data/${PRECOMPILED_LEXICONS_FILE}`, import.meta.url);
const built = await buildLexiconBundle();
if (process.argv.includes("--check")) {
  let shipped = "";
  try {
    shipped = readFileSync(target, "utf8");
  } catch {}
  if (shipped !== built) {
    console.error(`${PRECOMPILED_LEXICONS_FILE} is stale: run pnpm --filter @qrg/gates build:lexicons`);
    process.exit(1);
  }
  console.log(`${PRECOMPILED_LEXICONS_FILE} is up to date`);
} else {
  writeFileSync(target, built);
  console.log(`${PRECOMPILED_LEXICONS_FILE}: ${(built.length / 1024).toFixed(0)} KiB`);
}
