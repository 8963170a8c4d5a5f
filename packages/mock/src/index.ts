export { IN_TOTO_PAYLOAD_TYPE, pae } from "./dsse.ts";
export { MemoryArtifactStore } from "./memory-artifact-store.ts";
export {
  MOCK_GATE_REASON,
  MOCK_SAFETY_WARNING,
  MockQRGAdapter,
  type MockQRGAdapterOptions,
} from "./mock-adapter.ts";
export { MOCK_BUILDER_ID } from "./render.ts";
export { MOCK_TEST_KEY_SEED_HEX, type MockTestKey, mockTestKey } from "./test-key.ts";
export { mockUrls } from "./urls.ts";
