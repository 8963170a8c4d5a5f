export { fixedKeyInfo, fixedKeyRing } from "./fixed-key-ring.ts";
export { createSoftHsmTokens, requireSoftHsm, SOFTHSM_MODULE, type SoftHsmTokens } from "./softhsm.ts";
export { generateTestKey, memoryKeyRing, publicKeyInfo, type TestKey, wrapKey } from "./test-keys.ts";
