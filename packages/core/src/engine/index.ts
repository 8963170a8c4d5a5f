// The generation engine (owned by the engine work). Exports: generateArtifact and its helpers.
export {};
