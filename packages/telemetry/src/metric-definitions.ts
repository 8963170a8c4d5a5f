/**
 * Every QRG metric: first the nine product metrics, whose names, help texts, label names and buckets are a
 * published contract (docs/design.md, "Telemetry contract"), then the operational metrics (HTTP,
 * consciousness, key providers, gate health).
 */
export const METRICS = {
  generationsTotal: {
    name: "qrg_generations_total",
    help: "Total QRG artifacts generated",
    labelNames: ["tier_level", "entropy_source", "status"],
  },
  generationDurationSeconds: {
    name: "qrg_generation_duration_seconds",
    help: "Time to generate QRG artifact",
    labelNames: ["tier_level"],
    buckets: [0.1, 0.5, 1.0, 2.0, 5.0, 10.0],
  },
  safetyRejectionsTotal: {
    name: "qrg_safety_rejections_total",
    help: "Total QRG artifacts rejected by safety gates",
    labelNames: ["gate_type", "reason"],
  },
  safetyScore: {
    name: "qrg_safety_score",
    help: "Safety gate scores",
    labelNames: ["gate_type"],
    buckets: [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0],
  },
  // No qrg_id label (the spec has one): with artifact ids in labels, /metrics pointed at users' data.
  provenanceSlsaLevel: {
    name: "qrg_provenance_slsa_level",
    help: "SLSA provenance level",
    labelNames: [],
  },
  signatureVerificationsTotal: {
    name: "qrg_signature_verifications_total",
    help: "Total signature verifications",
    labelNames: ["status"],
  },
  cognitiveLoad: {
    name: "qrg_cognitive_load",
    help: "Estimated cognitive load of artifacts",
    labelNames: ["tier_level"],
    buckets: [0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
  },
  consensusJobsTotal: {
    name: "qrg_consensus_jobs_total",
    help: "Total consensus jobs",
    labelNames: ["status"],
  },
  consensusAgreementScore: {
    name: "qrg_consensus_agreement_score",
    help: "Consensus agreement score",
    labelNames: [],
    buckets: [0.0, 0.33, 0.5, 0.67, 0.8, 0.9, 1.0],
  },
  // --- Operational metrics ---
  httpRequestsTotal: {
    name: "qrg_http_requests_total",
    help: "Total HTTP requests served, by method, route template and status code",
    labelNames: ["method", "route", "status"],
  },
  httpRequestDurationSeconds: {
    name: "qrg_http_request_duration_seconds",
    help: "HTTP request duration in seconds, by method and route template",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  consciousnessDisabledTotal: {
    name: "qrg_consciousness_disabled_total",
    help: "Generations that ran without consciousness adaptation, by reason",
    labelNames: ["reason"],
  },
  keyProviderErrorsTotal: {
    name: "qrg_key_provider_errors_total",
    help: "Errors from signing key providers (KMS, HSM, key files)",
    labelNames: ["provider"],
  },
  safetyGateUp: {
    name: "qrg_safety_gate_up",
    help: "Whether the safety gate's last evaluation completed (1) or failed or timed out (0)",
    labelNames: ["gate_type"],
  },
  safetyGateFailuresTotal: {
    name: "qrg_safety_gate_failures_total",
    help: "Safety gate evaluations that failed or timed out, by gate and kind",
    labelNames: ["gate_type", "kind"],
  },
} as const;

export const GATE_TYPES = [
  "ConstitutionalGatekeeper",
  "CulturalSafetyChecker",
  "CognitiveLoadEstimator",
] as const;
export const SIGNATURE_STATUSES = ["valid", "invalid", "error"] as const;
export const CONSENSUS_JOB_STATUSES = ["submitted", "completed", "failed", "timeout"] as const;
export const CONSCIOUSNESS_DISABLED_REASONS = ["disabled", "no_consent", "unavailable"] as const;
export const GATE_FAILURE_KINDS = ["error", "timeout"] as const;

export type ConsensusJobStatus = (typeof CONSENSUS_JOB_STATUSES)[number];
export type GateFailureKind = (typeof GATE_FAILURE_KINDS)[number];
