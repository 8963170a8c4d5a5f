import { QRG_ATTESTATION_MEDIA_TYPE } from "@qrg/verify";
import type { Mode } from "./args.ts";

/** What a JSON document is, from its own fields: a bundle's or attestation's mediaType, an SBOM's bomFormat. */
export function detectMode(document: unknown): Mode | undefined {
  if (typeof document !== "object" || document === null) return undefined;
  const fields = document as Record<string, unknown>;
  const mediaType = typeof fields.mediaType === "string" ? fields.mediaType : "";
  if (mediaType.startsWith("application/vnd.dev.sigstore.bundle")) return "bundle";
  if (mediaType === QRG_ATTESTATION_MEDIA_TYPE) return "attestation";
  if (fields.bomFormat === "CycloneDX") return "sbom";
  if (typeof fields.qrg_id === "string" && "provenance" in fields) return "artifact";
  return undefined;
}
