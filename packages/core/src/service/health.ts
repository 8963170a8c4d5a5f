import type { Health, HealthCheckStatus } from "@qrg/schema";
import type { ServiceConfig } from "./options.ts";

/**
 * Probes the gates, the provenance service and the store. Without storage nothing can be served
 * (unhealthy); with storage up, stored artifacts still read and validate (degraded).
 */
export async function checkHealth(config: ServiceConfig): Promise<Health> {
  const settle = async (probe: () => Promise<HealthCheckStatus>): Promise<HealthCheckStatus> => {
    try {
      return await probe();
    } catch {
      return "error";
    }
  };
  const { gates } = config;
  const [safety_gates, provenance_service, artifact_storage] = await Promise.all([
    settle(async () =>
      gates.constitutional.ready() && gates.cultural.ready() && gates.cognitive.ready() ? "ok" : "error",
    ),
    settle(() => config.provenance.health()),
    settle(() => config.store.health()),
  ]);
  const checks = { safety_gates, provenance_service, artifact_storage };
  const status =
    artifact_storage === "error"
      ? "unhealthy"
      : Object.values(checks).every((c) => c === "ok")
        ? "healthy"
        : "degraded";
  return { status, checks, version: config.version };
}
