// The composition root: the only place that knows every implementation behind the service's ports.
import {
  createOsEntropySource,
  type Logger,
  type QRGAdapter,
  QRGService,
  type QRGServiceOptions,
  type UrlBuilder,
} from "@qrg/core";
import { generateArtifact, LEXICON_NAME, loadLexicon } from "@qrg/engine";
import { MockQRGAdapter } from "@qrg/mock";
import { createProvenanceService, KEY_ALGORITHMS, type KeyRing, keyReferenceScheme } from "@qrg/provenance";
import { createTelemetry, type QrgTelemetry } from "@qrg/telemetry";
import type { ApiConfig } from "../config.ts";
import type { HttpObserver } from "../http-observer.ts";
import { createHttpObserver } from "../http-telemetry.ts";
import { keyRef, wireKeyRing } from "../key-ring-wiring.ts";
import { startMetricsServer } from "../metrics-server.ts";
import { SERVICE_VERSION } from "../package-info.ts";
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
  const common = {
    http: createHttpObserver(telemetry),
    logger: telemetry.logger,
    startMetricsServer: (host: string, port: number) =>
      port ? startMetricsServer(telemetry, host, port) : Promise.resolve(undefined),
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

  const { parts, keyRing } = await composeProductionParts(config, urls, telemetry, options.service ?? {});
  const adapter = new QRGService(parts);
  return {
    ...common,
    adapter,
    version: SERVICE_VERSION,
    keyRing,
    shutdown: async () => {
      // Flush the store's journal and checkpoint, so the next start has nothing to replay.
      await parts.store.close?.();
      await telemetry.shutdown();
    },
  };
}

async function composeProductionParts(
  config: ApiConfig,
  urls: UrlBuilder,
  telemetry: QrgTelemetry,
  given: Partial<QRGServiceOptions>,
): Promise<{ parts: QRGServiceOptions; keyRing: KeyRing }> {
  const logger = telemetry.logger;
  const gates = given.gates ?? (await composeGates(config));
  const store = given.store ?? (await composeStore(config));
  const sbom = await loadServiceSbom(config);
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
  const provenance =
    given.provenance ??
    createProvenanceService({
      keyRing: keys.ring,
      expectedCustody: keys.expectedCustody,
      builderId: config.QRG_BUILDER_ID,
      defaultAlgorithm: config.QRG_SIGNATURE_ALGORITHM,
      sbom,
      lexiconDigests: [{ name: LEXICON_NAME, digest: loadLexicon().digest }],
      generatorVersion: SERVICE_VERSION,
      logger,
    });
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
  return { parts, keyRing: keys.ring };
}
