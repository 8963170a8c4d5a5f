export {
  type ConsensusFailureDetails,
  type FieldError,
  type GateName,
  isQRGError,
  QRGConsensusError,
  QRGError,
  type QRGErrorCode,
  QRGGenerationError,
  QRGNotFoundError,
  QRGNotImplementedError,
  QRGQuotaExceededError,
  QRGSafetyRejection,
  QRGTimeoutError,
  QRGUnavailableError,
  QRGValidationError,
} from "./errors.ts";
export * from "./ports/adapter.ts";
export * from "./ports/artifact.ts";
export * from "./ports/consciousness.ts";
export * from "./ports/consensus.ts";
export * from "./ports/entropy.ts";
export * from "./ports/gate.ts";
export * from "./ports/principal.ts";
export * from "./ports/provenance.ts";
export * from "./ports/store.ts";
export * from "./ports/telemetry.ts";
export { Deadline, raceSignal } from "./service/deadline.ts";
export { createOsEntropySource } from "./service/defaults.ts";
export { CONSENSUS_TIMEOUT_FACTOR, QRGService, type QRGServiceOptions } from "./service/qrg-service.ts";
export { createNoopTelemetry } from "./telemetry-noop.ts";
export { canonicalJsonBytes } from "./util/canonical-json.ts";
export {
  fsyncPath,
  linkNoClobber,
  removeIfPresent,
  writeFileAtomic,
  writeFileOnce,
  writeSyncedTemp,
} from "./util/durable-file.ts";
export { hashBytes, hashMatches, type ParsedHash, parseHash } from "./util/hash.ts";
export { DEFAULT_PASSPHRASE_FILE, loadPassphrase, type Passphrase } from "./util/passphrase-file.ts";
export {
  DEFAULT_SCRYPT_PARAMS,
  deriveSealingKey,
  newScryptKdf,
  openSecret,
  type ScryptKdf,
  type ScryptParams,
  type SealedCipher,
  type SealedSecret,
  sealSecret,
} from "./util/sealed-secret.ts";
