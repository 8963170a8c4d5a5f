// Owned by the algorithms work; re-exported from ../index.ts.
export {};
