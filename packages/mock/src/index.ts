export { MemoryArtifactStore } from "@qrg/core/testing";
export { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding as pae } from "@qrg/verify";
export { MOCK_GATE_REASON, MOCK_SAFETY_WARNING } from "./gates.ts";
export { MockQRGAdapter, type MockQRGAdapterOptions } from "./mock-adapter.ts";
export { MOCK_BUILDER_ID } from "./render.ts";
export { MOCK_TEST_KEY_SEED_HEX, type MockTestKey, mockTestKey } from "./test-key.ts";
export { mockUrls } from "./urls.ts";
