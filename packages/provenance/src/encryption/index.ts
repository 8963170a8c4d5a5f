// Owned by the encryption work; re-exported from ../index.ts.
export {};
