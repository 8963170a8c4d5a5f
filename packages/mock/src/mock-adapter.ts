import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  type ArtifactStore,
  type GenerateCall,
  hashBytes,
  type QRGAdapter,
  QRGNotFoundError,
  QRGService,
  QRGValidationError,
  type StoredContent,
  type UrlBuilder,
} from "@qrg/core";
import { MemoryArtifactStore } from "@qrg/core/testing";
import {
  type Health,
  type PublicKeyInfo,
  QRGRequestSchema,
  type QRGResponse,
  type ValidateRequest,
  ValidateRequestSchema,
  type ValidateResult,
} from "@qrg/schema";
import { createMockEngine } from "./engine.ts";
import { notEvaluatedGates } from "./gates.ts";
import { createMockProvenance, type MockProvenance, mockSignatureValid } from "./provenance.ts";
import { mockUrls, uuidOf } from "./urls.ts";

const packageVersion = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface MockQRGAdapterOptions {
  /**
   * Where generated artifacts are kept. Any ArtifactStore works (a test may pass a filesystem store).
   * @default new MemoryArtifactStore()
   */
  store?: ArtifactStore;
  /**
   * Builds attestation_ref, sbom_ref and public_key_ref. The API's sandbox mode passes its own builder so the
   * links resolve; artifact.location is always `mock://artifacts/<uuid>`.
   * @default mockUrls (`mock://` URIs)
   */
  urls?: UrlBuilder;
  /**
   * Simulated backend latency before the artifact is produced, in milliseconds, so consumers can exercise
   * their handling of options.timeout_ms.
   * @default 0
   */
  latencyMs?: number;
  /**
   * Clock for build_time.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * Generates the uuid of each qrg_id.
   * @default crypto.randomUUID
   */
  newId?: () => string;
}

/**
 * The sandbox QRGAdapter: the production orchestrator (QRGService, with its deadline, stages and commit
 * point) over mock parts — an engine deriving everything from sha256(seed), gates that approve without
 * evaluating, provenance signed by a published TEST KEY, an in-memory store and `mock://` locations. Every
 * response says it is a mock: builder_id `qrg-mock-adapter`, slsa_level 0, `mock://` location, approved
 * but not-evaluated gates, a safety warning and `symbolic_payload.metadata.mock = true`. Unlike the service
 * it checks its input itself, since consumers call it directly rather than through the API.
 */
export class MockQRGAdapter implements QRGAdapter {
  readonly kind = "mock" as const;
  readonly version = `${packageVersion}-mock`;
  readonly #service: QRGService;
  readonly #store: ArtifactStore;
  readonly #provenance: MockProvenance;

  constructor(options: MockQRGAdapterOptions = {}) {
    const store = options.store ?? new MemoryArtifactStore();
    const urls = options.urls ?? mockUrls;
    this.#store = store;
    this.#provenance = createMockProvenance(store, packageVersion);
    this.#service = new QRGService({
      engine: createMockEngine(options.latencyMs ?? 0),
      gates: notEvaluatedGates(),
      provenance: this.#provenance,
      store,
      urls: {
        artifactContent: (qrgId) => `mock://artifacts/${uuidOf(qrgId)}`,
        attestation: (qrgId) => urls.attestation(qrgId),
        key: (keyId) => urls.key(keyId),
        sbom: (digest) => urls.sbom(digest),
      },
      version: this.version,
      consensusRequired: "proceed",
      healthCacheMs: 0,
      clock: options.now ?? (() => new Date()),
      newId: options.newId ?? randomUUID,
    });
  }

  generate(call: GenerateCall): Promise<QRGResponse> {
    const parsed = QRGRequestSchema.safeParse(call.request);
    if (!parsed.success) return Promise.reject(QRGValidationError.fromZod(parsed.error, "invalid request"));
    return this.#service.generate({ ...call, request: parsed.data });
  }

  /**
   * Recomputes the stored content's hash under the algorithm `expected_hash` names and checks the mock
   * signature and attestation. An unknown qrg_id is a QRGNotFoundError, like a missing artifact in production.
   */
  async validate(input: ValidateRequest): Promise<ValidateResult> {
    const parsed = ValidateRequestSchema.safeParse(input);
    if (!parsed.success) throw QRGValidationError.fromZod(parsed.error, "invalid validate request");
    const request = parsed.data;
    const record = await this.#store.getRecord(request.qrg_id);
    if (!record) throw new QRGNotFoundError(`no artifact ${request.qrg_id}`);
    const content = await this.#store.getContent(record.content_hash);
    const hash_match =
      content !== undefined && hashUnder(request.expected_hash, content) === request.expected_hash;
    let signature_valid = mockSignatureValid(record.response.provenance);
    let provenance_verified = false;
    if (content !== undefined) {
      const attestation = await this.#store.getAttestation(request.qrg_id);
      const verdict = await this.#provenance.verify({
        response: record.response,
        content,
        ...(attestation ? { attestation } : {}),
      });
      signature_valid = verdict.signature_valid;
      provenance_verified = verdict.provenance_verified;
    }
    return {
      valid: hash_match && signature_valid && provenance_verified,
      hash_match,
      signature_valid,
      provenance_verified,
    };
  }

  async health(): Promise<Health> {
    return { ...(await this.#service.health()), adapter: "mock" };
  }

  getArtifact(qrgId: string): Promise<QRGResponse | undefined> {
    return this.#service.getArtifact(qrgId);
  }

  getContent(qrgId: string): Promise<StoredContent | undefined> {
    return this.#service.getContent(qrgId);
  }

  getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    return this.#service.getAttestation(qrgId);
  }

  listKeys(): Promise<PublicKeyInfo[]> {
    return this.#service.listKeys();
  }

  async getSbom(digest: string): Promise<Uint8Array | undefined> {
    await this.#provenance.storeSbom();
    return this.#service.getSbom(digest);
  }
}

/** The digest of `bytes` under the algorithm `expected` names; undefined when it names none we know. */
function hashUnder(expected: string, bytes: Uint8Array): string | undefined {
  const algorithm = expected.slice(0, expected.indexOf(":"));
  if (algorithm !== "sha256" && algorithm !== "sha3-256" && algorithm !== "blake3") return undefined;
  return hashBytes(algorithm, bytes);
}
