// Owned by the attestation work; re-exported from ../index.ts.
export {};
