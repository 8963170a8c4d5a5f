// Owned by the verify work; re-exported from ../index.ts.
export {};
