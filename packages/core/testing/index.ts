// Test support for packages that build on @qrg/core: small, real implementations of the ports
// (approving gates, an Ed25519 provenance service, a deterministic engine) and the in-memory artifact
// store. Tests replace single ports of QRGService with these through `Partial<QRGServiceOptions>`.
export { testEngine } from "./engine.ts";
export { runWithFileTrace } from "./fs-trace.ts";
export { MemoryArtifactStore, type MemoryArtifactStoreOptions } from "./memory-artifact-store.ts";
export {
  approve,
  cognitiveOk,
  culturalOk,
  ed25519Provenance,
  gate,
  gates,
  hangingGate,
  urls,
} from "./ports.ts";
export { readmeTypeScriptBlocks, runTypeScriptBlock } from "./readme.ts";
