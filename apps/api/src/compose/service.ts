// The composition root: the only place that knows every implementation behind the service's ports.
import cluster from "node:cluster";
import {
  createOsEntropySource,
  type Logger,
  type QRGAdapter,
  QRGService,
  type QRGServiceOptions,
  type UrlBuilder,
} from "@qrg/core";
import { generateArtifact, LEXICON_NAME, loadLexicon } from "@qrg/engine";
import type { SafetyGates } from "@qrg/gates";
import { MockQRGAdapter } from "@qrg/mock";
import { createProvenanceService, KEY_ALGORITHMS, type KeyRing, keyReferenceScheme } from "@qrg/provenance";
import { createTelemetry, type QrgTelemetry } from "@qrg/telemetry";
import { workerMetricsSource } from "../cluster/cluster-metrics.ts";
import type { ApiConfig } from "../config.ts";
import type { MeshConsensusService } from "../consensus/mesh-consensus.ts";
import type { HttpObserver } from "../http-observer.ts";
import { createHttpObserver } from "../http-telemetry.ts";
import { keyRef, wireKeyRing } from "../key-ring-wiring.ts";
import { startMetricsServer } from "../metrics-server.ts";
import { SERVICE_VERSION } from "../package-info.ts";
import { chooseQuotaStore } from "../quota/choose-quota-store.ts";
import { withKeyRefresh } from "../shared-keys/refreshing-provenance.ts";
import { createSharedKeyRing } from "../shared-keys/shared-key-ring.ts";
import { composeConsensus } from "./consensus.ts";
import { composeGates } from "./gates.ts";
import { loadServiceSbom } from "./sbom.ts";
import { composeStore } from "./store.ts";

export interface ComposeOptions {
  /** Environment telemetry reads OTEL_* and QRG_LOG_LEVEL from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Parts that replace the configured ones, e.g. a store or gates built by an embedder (or a test that
   * wraps the real ones). The replaced part is then not opened at all. @default {}
   */
  service?: Partial<QRGServiceOptions>;
}

export interface ComposedService {
  adapter: QRGAdapter;
  /** Mesh consensus, when QRG_CONSENSUS_ENABLED. */
  mesh?: MeshConsensusService;
  http: HttpObserver;
  logger: Logger;
  version: string;
  /** The service's key ring (absent in the mock sandbox): signs the audit log's checkpoints. */
  keyRing?: KeyRing;
  /** Serves GET /metrics on `port` as well; 0 = only on the main listener. */
  startMetricsServer(host: string, port: number): Promise<{ close(): Promise<void> } | undefined>;
  /** Flushes the store's journal and the telemetry exporters. */
  shutdown(): Promise<void>;
}

/** Builds the service the configuration describes: production, or the explicit mock sandbox. */
export async function composeService(
  config: ApiConfig,
  urls: UrlBuilder,
  options: ComposeOptions = {},
): Promise<ComposedService> {
  const telemetry = createTelemetry({
    serviceVersion: SERVICE_VERSION,
    keyProviders: [keyReferenceScheme(keyRef(config)) ?? "file"],
    ...(options.env ? { env: options.env } : {}),
  });
  // In a cluster worker, /metrics answers for the whole instance: the primary aggregates every worker.
  const exposed: QrgTelemetry = cluster.isWorker
    ? { ...telemetry, metricsText: workerMetricsSource(telemetry.registry) }
    : telemetry;
  const common = {
    http: createHttpObserver(exposed),
    logger: telemetry.logger,
    startMetricsServer: (host: string, port: number) =>
      port ? startMetricsServer(exposed, host, port) : Promise.resolve(undefined),
  };

  if (config.QRG_ADAPTER === "mock") {
    telemetry.logger.warn(
      { adapter: "mock" },
      "QRG_ADAPTER=mock: sandbox mode, artifacts are NOT governed or production-signed",
    );
    return {
      ...common,
      adapter: new MockQRGAdapter(),
      version: `${SERVICE_VERSION}-mock`,
      shutdown: () => telemetry.shutdown(),
    };
  }

  const mesh = await composeConsensus(config, urls, telemetry);
  const { parts, close, keyRing } = await composeProductionParts(config, urls, telemetry, {
    ...(mesh ? { consensus: mesh } : {}),
    ...options.service,
  });
  const adapter = new QRGService(parts);
  return {
    ...common,
    adapter,
    ...(mesh ? { mesh } : {}),
    version: SERVICE_VERSION,
    keyRing,
    shutdown: async () => {
      await mesh?.coordinator.close();
      // Flush the store's journal and checkpoint, so the next start has nothing to replay.
      await parts.store.close?.();
      await close();
      await telemetry.shutdown();
    },
  };
}

/** The production parts (also what a mesh node runs each job on, over its own data dir and key). */
export async function composeProductionParts(
  config: ApiConfig,
  urls: UrlBuilder,
  telemetry: QrgTelemetry,
  given: Partial<QRGServiceOptions>,
): Promise<{ parts: QRGServiceOptions; close(): Promise<void>; keyRing: KeyRing }> {
  const logger = telemetry.logger;
  const quotas = chooseQuotaStore(config.QRG_REDIS_URL);
  let gates = given.gates;
  let model: SafetyGates["intentModel"];
  if (gates === undefined) {
    const composedGates = await composeGates(config, quotas.store);
    gates = composedGates;
    model = composedGates.intentModel;
  }
  const composed = given.store ? undefined : await composeStore(config, logger);
  const store = given.store ?? composed!.store;
  const sbom = await loadServiceSbom(config);
  await store.putSbom(sbom.digest, sbom.bytes);
  const wired = await wireKeyRing(config, telemetry, logger);
  // Sign with this instance's keys; trust every key the instances sharing the store published.
  const shared = composed ? createSharedKeyRing(wired.ring, composed.keys) : undefined;
  const keys = { ...wired, ring: shared ?? wired.ring };
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
  await shared
    ?.publish()
    .catch((error: unknown) =>
      logger.warn(
        { event: "key_publish_failed", err: String(error) },
        "public keys not published to the store",
      ),
    );
  const composedProvenance = () => {
    const own = createProvenanceService({
      keyRing: keys.ring,
      expectedCustody: keys.expectedCustody,
      builderId: config.QRG_BUILDER_ID,
      defaultAlgorithm: config.QRG_SIGNATURE_ALGORITHM,
      sbom,
      lexiconDigests: [{ name: LEXICON_NAME, digest: loadLexicon().digest }],
      ...(model ? { gateModels: [{ name: `${model.id}@${model.version}`, digest: model.digest }] } : {}),
      generatorVersion: SERVICE_VERSION,
      logger,
    });
    return shared ? withKeyRefresh(own, shared) : own;
  };
  const provenance = given.provenance ?? composedProvenance();
  const parts: QRGServiceOptions = {
    engine: generateArtifact,
    urls,
    version: SERVICE_VERSION,
    telemetry,
    entropy: createOsEntropySource(),
    consciousnessEnabled: config.QRG_CONSCIOUSNESS_ENABLED,
    gateBudgetMs: config.QRG_GATE_BUDGET_MS,
    ...given,
    gates,
    store,
    provenance,
  };
  return { parts, close: () => quotas.close(), keyRing: keys.ring };
}
