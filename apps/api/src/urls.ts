import type { UrlBuilder } from "@qrg/core";

/**
 * URLs the service hands out. The base is QRG_PUBLIC_URL, or the listening address once the server is
 * bound (so `base` is a function: port 0 is only known after listen).
 */
export function createUrlBuilder(base: () => string): UrlBuilder {
  const at = (path: string) => `${base().replace(/\/+$/, "")}/api/v1/qrg/${path}`;
  return {
    artifactContent: (qrgId) => at(`artifacts/${qrgId}/content`),
    attestation: (qrgId) => at(`attestations/${qrgId}`),
    key: (keyId) => at(`keys/${keyId}`),
    sbom: (digest) => at(`sbom/${digest}`),
  };
}
