import { QRGNotFoundError, QRGUnavailableError, QRGValidationError } from "@qrg/verify";

/** How long one API request may take. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface ApiClient {
  content(qrgId: string): Promise<Uint8Array>;
  attestation(qrgId: string): Promise<Uint8Array>;
  keys(): Promise<unknown>;
  /** The mesh's registered node keys (GET /api/v1/qrg/mesh/nodes). */
  meshNodes(): Promise<unknown>;
}

/** Reads artifacts, attestations and keys from a QRG API (`--api URL`). Failures are input errors. */
export function createApiClient(base: string, fetchImpl: typeof fetch, token?: string): ApiClient {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  async function get(path: string): Promise<Uint8Array> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (cause) {
      throw new QRGUnavailableError(`GET ${path} failed: ${(cause as Error).message}`, { cause });
    }
    if (!response.ok) {
      await response.body?.cancel();
      // Artifacts are readable by their owner (or an auditor) only: say how to pass that token.
      const hint =
        response.status === 401 || response.status === 403
          ? ": set QRG_TOKEN to the artifact owner's (or an auditor's) bearer token"
          : "";
      const message = `GET ${path} answered ${response.status}${hint}`;
      throw response.status === 404 ? new QRGNotFoundError(message) : new QRGUnavailableError(message);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
  async function getJson(path: string): Promise<unknown> {
    const bytes = await get(path);
    try {
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (cause) {
      throw new QRGValidationError(`GET ${path} did not answer JSON`, [], { cause });
    }
  }
  const id = (qrgId: string) => encodeURIComponent(qrgId);
  return {
    content: (qrgId) => get(`/api/v1/qrg/artifacts/${id(qrgId)}/content`),
    attestation: (qrgId) => get(`/api/v1/qrg/attestations/${id(qrgId)}`),
    keys: () => getJson("/api/v1/qrg/keys"),
    meshNodes: () => getJson("/api/v1/qrg/mesh/nodes"),
  };
}
