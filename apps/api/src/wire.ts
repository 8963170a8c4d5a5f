// Assembles the production service from configuration: the only place that knows every implementation.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ArtifactStore,
  createNoopTelemetry,
  createOsEntropySource,
  generateArtifact,
  LEXICON_DIGEST,
  LEXICON_PATH,
  type Logger,
  type QRGAdapter,
  QRGService,
  type SafetyGateSet,
  type UrlBuilder,
} from "@qrg/core";
import { createSafetyGates } from "@qrg/gates";
import { MockQRGAdapter } from "@qrg/mock";
import {
  createEncryptedArtifactStore,
  createFileKemKeyProvider,
  createProvenanceService,
  KEY_ALGORITHMS,
  keyReferenceScheme,
  loadOrCreateSbom,
} from "@qrg/provenance";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import { createFsArtifactStore } from "@qrg/storage";
import { createTelemetry } from "@qrg/telemetry";
import type { ApiConfig } from "./config.ts";
import type { HttpObserver } from "./http-observer.ts";
import { createHttpObserver } from "./http-telemetry.ts";
import { keyRef, wireKeyRing } from "./key-ring-wiring.ts";
import { startMetricsServer } from "./metrics-server.ts";

const require = createRequire(import.meta.url);
export const SERVICE_VERSION: string = (require("../package.json") as { version: string }).version;
/** The workspace root, for the lockfile the SBOM is built from. */
const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Test hooks: swap parts of the production wiring. Nothing in production passes any. */
export interface WireOverrides {
  gates?: Partial<SafetyGateSet>;
  /** Delays every store commit (to exercise deadlines). */
  storeDelayMs?: number;
  /** Environment telemetry reads OTEL_* and QRG_LOG_LEVEL from. @default process.env */
  telemetryEnv?: NodeJS.ProcessEnv;
}

export interface WiredService {
  adapter: QRGAdapter;
  http: HttpObserver;
  logger: Logger;
  version: string;
  startMetricsServer?: (host: string, port: number) => Promise<{ close(): Promise<void> } | undefined>;
  shutdown(): Promise<void>;
}

export async function wireService(
  config: ApiConfig,
  urls: UrlBuilder,
  overrides: WireOverrides = {},
): Promise<WiredService> {
  const telemetry = createTelemetry({
    serviceVersion: SERVICE_VERSION,
    keyProviders: [keyReferenceScheme(keyRef(config)) ?? "file"],
    ...(overrides.telemetryEnv ? { env: overrides.telemetryEnv } : {}),
  });
  const http = createHttpObserver(telemetry);
  const logger = telemetry.logger;

  if (config.QRG_ADAPTER === "mock") {
    logger.warn(
      { adapter: "mock" },
      "QRG_ADAPTER=mock: sandbox mode, artifacts are NOT governed or production-signed",
    );
    return {
      adapter: new MockQRGAdapter(),
      http,
      logger,
      version: `${SERVICE_VERSION}-mock`,
      startMetricsServer: (host, port) =>
        port ? startMetricsServer(telemetry, host, port) : Promise.resolve(undefined),
      shutdown: () => telemetry.shutdown(),
    };
  }

  const gates = await createSafetyGates({
    ...(config.QRG_POLICY_FILE ? { policyFile: config.QRG_POLICY_FILE } : {}),
    quotasEnabled: config.QRG_QUOTAS !== "off",
    // No logger: the orchestrator writes the one structured record per rejection (fail-closed ones too).
  });
  let store: ArtifactStore = await openStore(config);
  const sbom = await loadOrCreateSbom({
    rootDir: WORKSPACE_ROOT,
    path: config.QRG_SBOM_FILE ?? join(config.dataDir, "sboms", "service.cdx.json"),
  });
  await store.putSbom(sbom.digest, sbom.bytes);
  const keys = await wireKeyRing(config, telemetry, logger);
  // Create (or load and decrypt) every algorithm's key now, not on a first request.
  for (const algorithm of KEY_ALGORITHMS) {
    await keys.ring
      .active(algorithm)
      .catch((error: unknown) =>
        logger.warn(
          { event: "key_unavailable", algorithm, err: String(error) },
          "signing key not available at start",
        ),
      );
  }
  const provenance = createProvenanceService({
    keyRing: keys.ring,
    expectedCustody: keys.expectedCustody,
    builderId: config.QRG_BUILDER_ID,
    defaultAlgorithm: config.QRG_SIGNATURE_ALGORITHM,
    sbom,
    lexiconDigests: [{ name: LEXICON_PATH, digest: LEXICON_DIGEST }],
    generatorVersion: SERVICE_VERSION,
    logger,
  });
  if (overrides.storeDelayMs) store = delayed(store, overrides.storeDelayMs);

  const adapter = new QRGService({
    engine: generateArtifact,
    gates: { ...gates, ...overrides.gates },
    provenance,
    store,
    urls,
    version: SERVICE_VERSION,
    telemetry,
    entropy: createOsEntropySource(),
    consciousnessEnabled: config.QRG_CONSCIOUSNESS_ENABLED,
    gateBudgetMs: config.QRG_GATE_BUDGET_MS,
  });
  return {
    adapter,
    http,
    logger,
    version: SERVICE_VERSION,
    startMetricsServer: (host, port) =>
      port ? startMetricsServer(telemetry, host, port) : Promise.resolve(undefined),
    shutdown: async () => {
      // Flush the store's journal and checkpoint, so the next start has nothing to replay.
      await store.close?.();
      await telemetry.shutdown();
    },
  };
}

/**
 * The filesystem store, wrapped in ML-KEM-1024 + X25519 envelope encryption when QRG_ENCRYPTION_AT_REST
 * is on (the KEM key pair lives beside the signing keys, sealed with the same passphrase).
 */
async function openStore(config: ApiConfig): Promise<ArtifactStore> {
  if (!config.QRG_ENCRYPTION_AT_REST) return createFsArtifactStore({ dataDir: config.dataDir });
  const inner = await createFsArtifactStore({ dataDir: config.dataDir, verifyContentHash: false });
  const kem = await createFileKemKeyProvider({
    dir: join(config.dataDir, "keys"),
    ...(config.QRG_KEY_PASSPHRASE_FILE ? { passphraseFile: config.QRG_KEY_PASSPHRASE_FILE } : {}),
  });
  return createEncryptedArtifactStore(inner, kem);
}

function delayed(store: ArtifactStore, ms: number): ArtifactStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "commit") {
        return async (...args: Parameters<ArtifactStore["commit"]>) => {
          await new Promise((r) => setTimeout(r, ms));
          return target.commit(...args);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function cliKeyRing(config: ApiConfig) {
  const telemetry = createNoopTelemetry();
  return (await wireKeyRing(config, telemetry, telemetry.logger)).ring;
}

export async function listKeys(config: ApiConfig): Promise<PublicKeyInfo[]> {
  return (await cliKeyRing(config)).list();
}

export async function rotateKey(config: ApiConfig, algorithm: KeyAlgorithm): Promise<PublicKeyInfo> {
  return (await cliKeyRing(config)).rotate(algorithm);
}

export async function generateSbomFile(
  config: ApiConfig,
  out?: string,
): Promise<{ path: string; digest: string }> {
  const path = resolve(
    out ?? config.QRG_SBOM_FILE ?? join(WORKSPACE_ROOT, "dist", "sbom", "qrg-service.cdx.json"),
  );
  const sbom = await loadOrCreateSbom({ rootDir: WORKSPACE_ROOT, path, regenerate: true });
  return { path, digest: sbom.digest };
}
