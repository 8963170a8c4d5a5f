import type { GateName, GenerationStatus, Telemetry } from "@qrg/core";
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from "prom-client";
import { BoundedLabelValues, httpMethodLabel, httpStatusLabel, tierLabel } from "./label-values.ts";
import {
  CONSCIOUSNESS_DISABLED_REASONS,
  CONSENSUS_JOB_STATUSES,
  type ConsensusJobStatus,
  GATE_TYPES,
  type GateFailureKind,
  METRICS,
  SIGNATURE_STATUSES,
} from "./metric-definitions.ts";

export interface MetricsOptions {
  /** Distinct `reason` values `qrg_safety_rejections_total` keeps before folding into `other`. @default 64 */
  rejectionReasons?: number;
  /** Distinct route templates the HTTP metrics keep before folding into `other`. @default 100 */
  routes?: number;
  /** Key provider names whose error counter starts at 0 (so `increase()` sees the first error). @default [] */
  keyProviders?: readonly string[];
  /** Node.js process metrics (CPU, memory, event loop, GC) from prom-client. @default true */
  defaultMetrics?: boolean;
}

export interface HttpRequestEvent {
  method: string;
  /** The route template (`/v1/artifacts/:id`), never the raw path: paths carry ids. */
  route: string;
  status: number;
  duration_seconds: number;
}

export interface GenerationEvent {
  tier_level: number;
  entropy_source: string;
  status: GenerationStatus;
  duration_seconds: number;
}

/**
 * The QRG metric set registered in one prom-client registry, with methods that keep labels bounded: the
 * core Telemetry port's metric methods plus consensus and HTTP metrics.
 */
export interface QrgMetrics extends Omit<Telemetry, "logger" | "span" | "safetyGateOutcome"> {
  consensusJob(status: ConsensusJobStatus): void;
  consensusAgreement(score: number): void;
  httpRequest(event: HttpRequestEvent): void;
  safetyGateOutcome(gate: GateName, outcome: "ok" | GateFailureKind): void;
}

const LINT_FAILING_DEFAULT_METRICS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

const clamp01 = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

export function createQrgMetrics(registry: Registry, options: MetricsOptions = {}): QrgMetrics {
  const registers = [registry];
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // prom-client names three gauges `*_total`, which `promtool check metrics` rejects (a `_total` suffix
    // promises a counter). Their per-type twins without the suffix (nodejs_active_handles{type}, …) stay.
    for (const name of LINT_FAILING_DEFAULT_METRICS) registry.removeSingleMetric(name);
  }

  const generations = new Counter({
    ...METRICS.generationsTotal,
    labelNames: [...METRICS.generationsTotal.labelNames],
    registers,
  });
  const generationDuration = new Histogram({
    ...METRICS.generationDurationSeconds,
    labelNames: [...METRICS.generationDurationSeconds.labelNames],
    buckets: [...METRICS.generationDurationSeconds.buckets],
    registers,
  });
  const rejections = new Counter({
    ...METRICS.safetyRejectionsTotal,
    labelNames: [...METRICS.safetyRejectionsTotal.labelNames],
    registers,
  });
  const safetyScores = new Histogram({
    ...METRICS.safetyScore,
    labelNames: [...METRICS.safetyScore.labelNames],
    buckets: [...METRICS.safetyScore.buckets],
    registers,
  });
  const slsaGauge = new Gauge({
    ...METRICS.provenanceSlsaLevel,
    labelNames: [...METRICS.provenanceSlsaLevel.labelNames],
    registers,
  });
  const verifications = new Counter({
    ...METRICS.signatureVerificationsTotal,
    labelNames: [...METRICS.signatureVerificationsTotal.labelNames],
    registers,
  });
  const cognitive = new Histogram({
    ...METRICS.cognitiveLoad,
    labelNames: [...METRICS.cognitiveLoad.labelNames],
    buckets: [...METRICS.cognitiveLoad.buckets],
    registers,
  });
  const consensusJobs = new Counter({
    ...METRICS.consensusJobsTotal,
    labelNames: [...METRICS.consensusJobsTotal.labelNames],
    registers,
  });
  const agreement = new Histogram({
    name: METRICS.consensusAgreementScore.name,
    help: METRICS.consensusAgreementScore.help,
    buckets: [...METRICS.consensusAgreementScore.buckets],
    registers,
  });
  const httpRequests = new Counter({
    ...METRICS.httpRequestsTotal,
    labelNames: [...METRICS.httpRequestsTotal.labelNames],
    registers,
  });
  const httpDuration = new Histogram({
    ...METRICS.httpRequestDurationSeconds,
    labelNames: [...METRICS.httpRequestDurationSeconds.labelNames],
    buckets: [...METRICS.httpRequestDurationSeconds.buckets],
    registers,
  });
  const consciousness = new Counter({
    ...METRICS.consciousnessDisabledTotal,
    labelNames: [...METRICS.consciousnessDisabledTotal.labelNames],
    registers,
  });
  const keyProviderErrors = new Counter({
    ...METRICS.keyProviderErrorsTotal,
    labelNames: [...METRICS.keyProviderErrorsTotal.labelNames],
    registers,
  });
  const gateUp = new Gauge({
    ...METRICS.safetyGateUp,
    labelNames: [...METRICS.safetyGateUp.labelNames],
    registers,
  });
  const gateFailures = new Counter({
    ...METRICS.safetyGateFailuresTotal,
    labelNames: [...METRICS.safetyGateFailuresTotal.labelNames],
    registers,
  });

  // Series with a known, closed label vocabulary start at 0, so rate()/increase() see their first event.
  for (const status of SIGNATURE_STATUSES) verifications.labels({ status }).inc(0);
  for (const status of CONSENSUS_JOB_STATUSES) consensusJobs.labels({ status }).inc(0);
  for (const reason of CONSCIOUSNESS_DISABLED_REASONS) consciousness.labels({ reason }).inc(0);
  // The gates run in-process: they are up until an evaluation fails.
  for (const gate_type of GATE_TYPES) gateUp.labels({ gate_type }).set(1);

  const reasons = new BoundedLabelValues(options.rejectionReasons ?? 64);
  const routes = new BoundedLabelValues(options.routes ?? 100);
  const entropySources = new BoundedLabelValues(16);
  const providers = new BoundedLabelValues(16);
  const gates = new BoundedLabelValues(16);
  for (const provider of options.keyProviders ?? [])
    keyProviderErrors.labels({ provider: providers.value(provider) }).inc(0);

  return {
    generation(event) {
      const tier_level = tierLabel(event.tier_level);
      generations
        .labels({
          tier_level,
          entropy_source: entropySources.value(event.entropy_source),
          status: event.status,
        })
        .inc();
      generationDuration.labels({ tier_level }).observe(Math.max(0, event.duration_seconds));
    },
    safetyScore(gate, score) {
      safetyScores.labels({ gate_type: gates.value(gate) }).observe(clamp01(score));
    },
    safetyRejection(gate, reason) {
      rejections.labels({ gate_type: gates.value(gate), reason: reasons.value(reason) }).inc();
    },
    cognitiveLoad(tierLevel, load) {
      cognitive.labels({ tier_level: tierLabel(tierLevel) }).observe(clamp01(load));
    },
    slsaLevel(_qrgId, level) {
      // The level of the latest artifact, no identifier: lowered levels (key fallback) show as dips.
      slsaGauge.set(level);
    },
    signatureVerification(status) {
      verifications.labels({ status }).inc();
    },
    consciousnessDisabled(reason) {
      consciousness.labels({ reason }).inc();
    },
    consensusJob(status) {
      consensusJobs.labels({ status }).inc();
    },
    consensusAgreement(score) {
      agreement.observe(clamp01(score));
    },
    httpRequest(event) {
      const method = httpMethodLabel(event.method);
      const route = routes.value(event.route);
      httpRequests.labels({ method, route, status: httpStatusLabel(event.status) }).inc();
      httpDuration.labels({ method, route }).observe(Math.max(0, event.duration_seconds));
    },
    keyProviderError(provider) {
      keyProviderErrors.labels({ provider: providers.value(provider) }).inc();
    },
    safetyGateOutcome(gate, outcome) {
      const gate_type = gates.value(gate);
      if (outcome === "ok") {
        gateUp.labels({ gate_type }).set(1);
        return;
      }
      gateUp.labels({ gate_type }).set(0);
      gateFailures.labels({ gate_type, kind: outcome }).inc();
    },
  };
}
