// Test support other packages use: a real Prometheus scraping a service, and an OTLP/HTTP receiver.
export {
  type OtlpJsonSpan,
  type OtlpReceiver,
  otlpAttributes,
  startOtlpReceiver,
} from "./otlp-receiver.ts";
export {
  type DashboardQueryResult,
  type PrometheusOptions,
  type RunningPrometheus,
  runDashboardQueries,
  startPrometheus,
} from "./prometheus.ts";
