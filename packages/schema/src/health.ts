import { z } from "zod";

export const HealthCheckStatusSchema = z.enum(["ok", "error"]);

export const HealthSchema = z
  .looseObject({
    status: z.enum(["healthy", "degraded", "unhealthy"]),
    checks: z.looseObject({
      safety_gates: HealthCheckStatusSchema,
      provenance_service: HealthCheckStatusSchema,
      artifact_storage: HealthCheckStatusSchema,
    }),
    version: z.string(),
  })
  .meta({ title: "Health" });

export type Health = z.output<typeof HealthSchema>;
export type HealthCheckStatus = z.output<typeof HealthCheckStatusSchema>;
