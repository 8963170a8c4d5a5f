import type { UrlBuilder } from "@qrg/core";

/**
 * Links for a mock artifact when no UrlBuilder is given: `mock://` URIs, which no one can mistake for a
 * real endpoint. The API's sandbox mode passes its own UrlBuilder so that the links resolve.
 */
export const mockUrls: UrlBuilder = {
  artifactContent: (qrgId) => `mock://artifacts/${uuidOf(qrgId)}/content`,
  attestation: (qrgId) => `mock://attestations/${uuidOf(qrgId)}`,
  key: (keyId) => `mock://keys/${keyId}`,
  sbom: (digest) => `mock://sboms/${digest}`,
};

export function uuidOf(qrgId: string): string {
  return qrgId.startsWith("qrg:") ? qrgId.slice(4) : qrgId;
}
