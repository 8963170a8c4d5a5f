// Run by determinism.test.ts in a separate node process: prints the hash of the spec's example artifact.
import { generateArtifact } from "../../src/engine/index.ts";
import { input } from "./helpers.ts";

console.log(generateArtifact(input()).hash);
