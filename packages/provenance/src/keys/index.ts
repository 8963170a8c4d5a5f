// Owned by the keys work; re-exported from ../index.ts.
export {};
