// Assembles the production service from configuration: the only place that knows every implementation.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ArtifactStore,
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
  createProvenanceService,
  type KeyRing,
  loadOrCreateSbom,
  resolveKeyRing,
} from "@qrg/provenance";
import type { KeyAlgorithm, PublicKeyInfo } from "@qrg/schema";
import { createFsArtifactStore } from "@qrg/storage";
import { createTelemetry } from "@qrg/telemetry";
import type { ApiConfig } from "./config.ts";
import { createHttpObserver } from "./http-telemetry.ts";
import { startMetricsServer } from "./metrics-server.ts";
import type { HttpObserver } from "./http-observer.ts";

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

function keyRef(config: ApiConfig): string {
  return config.QRG_KEY_REF ?? `file://${join(config.dataDir, "keys")}`;
}

async function openKeyRing(config: ApiConfig): Promise<KeyRing> {
  return resolveKeyRing(keyRef(config), {
    dataDir: config.dataDir,
    ...(config.QRG_KEY_PASSPHRASE_FILE ? { passphraseFile: config.QRG_KEY_PASSPHRASE_FILE } : {}),
  });
}

export async function wireService(config: ApiConfig, urls: UrlBuilder, overrides: WireOverrides = {}): Promise<WiredService> {
  const telemetry = createTelemetry({
    serviceVersion: SERVICE_VERSION,
    keyProviders: [keyRef(config).split(":")[0]!],
    ...(overrides.telemetryEnv ? { env: overrides.telemetryEnv } : {}),
  });
  const http = createHttpObserver(telemetry);
  const logger = telemetry.logger;

  if (config.QRG_ADAPTER === "mock") {
    logger.warn({ adapter: "mock" }, "QRG_ADAPTER=mock: sandbox mode, artifacts are NOT governed or production-signed");
    return {
      adapter: new MockQRGAdapter(),
      http,
      logger,
      version: `${SERVICE_VERSION}-mock`,
      startMetricsServer: (host, port) => (port ? startMetricsServer(telemetry, host, port) : Promise.resolve(undefined)),
      shutdown: () => telemetry.shutdown(),
    };
  }

  const gates = await createSafetyGates({
    ...(config.QRG_POLICY_FILE ? { policyFile: config.QRG_POLICY_FILE } : {}),
    quotasEnabled: config.QRG_QUOTAS !== "off",
    logger,
  });
  let store: ArtifactStore = await createFsArtifactStore({ dataDir: config.dataDir });
  const sbom = await loadOrCreateSbom({
    rootDir: WORKSPACE_ROOT,
    path: config.QRG_SBOM_FILE ?? join(config.dataDir, "sboms", "service.cdx.json"),
  });
  await store.putSbom(sbom.digest, sbom.bytes);
  const keyRing = await openKeyRing(config);
  const provenance = createProvenanceService({
    keyRing,
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
    startMetricsServer: (host, port) => (port ? startMetricsServer(telemetry, host, port) : Promise.resolve(undefined)),
    shutdown: () => telemetry.shutdown(),
  };
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

export async function listKeys(config: ApiConfig): Promise<PublicKeyInfo[]> {
  return (await openKeyRing(config)).list();
}

export async function rotateKey(config: ApiConfig, algorithm: KeyAlgorithm): Promise<PublicKeyInfo> {
  return (await openKeyRing(config)).rotate(algorithm);
}

export async function generateSbomFile(config: ApiConfig, out?: string): Promise<{ path: string; digest: string }> {
  const path = resolve(out ?? config.QRG_SBOM_FILE ?? join(WORKSPACE_ROOT, "dist", "sbom", "qrg-service.cdx.json"));
  const sbom = await loadOrCreateSbom({ rootDir: WORKSPACE_ROOT, path, regenerate: true });
  return { path, digest: sbom.digest };
}
