// Run by determinism.test.ts in a separate node process: prints the hash of the reference example artifact.
import { generateArtifact } from "../src/index.ts";
import { input } from "./helpers.ts";

console.log(generateArtifact(input()).hash);
