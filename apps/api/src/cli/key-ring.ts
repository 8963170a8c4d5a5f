import { createNoopTelemetry } from "@qrg/core";
import type { KeyRing } from "@qrg/provenance";
import type { ApiConfig } from "../config.ts";
import { wireKeyRing } from "../key-ring-wiring.ts";

/** The configured key ring, as the server would open it, without telemetry. */
export async function openKeyRing(config: ApiConfig): Promise<KeyRing> {
  const telemetry = createNoopTelemetry();
  return (await wireKeyRing(config, telemetry, telemetry.logger)).ring;
}
