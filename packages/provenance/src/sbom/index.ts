// Owned by the sbom work; re-exported from ../index.ts.
export {};
