// Owned by the pkcs11 work; re-exported from ../index.ts.
export {};
