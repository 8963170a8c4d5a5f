import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  type ArtifactStore,
  type GenerateCall,
  hashBytes,
  parseHash,
  type QRGAdapter,
  QRGNotFoundError,
  QRGValidationError,
  type StoredContent,
  type UrlBuilder,
} from "@qrg/core";
import {
  type Health,
  type PublicKeyInfo,
  type QRGRequest,
  QRGRequestSchema,
  type QRGResponse,
  resolveOptions,
  type ValidateRequest,
  ValidateRequestSchema,
  type ValidateResult,
} from "@qrg/schema";
import { delay, withDeadline } from "./deadline.ts";
import { deriveSymbols } from "./derive.ts";
import {
  type DsseEnvelope,
  envelopeBytes,
  IN_TOTO_PAYLOAD_TYPE,
  signEnvelope,
  verifySignature,
} from "./dsse.ts";
import { MemoryArtifactStore } from "./memory-artifact-store.ts";
import { MOCK_BUILDER_ID, renderContent } from "./render.ts";
import { mockSbom } from "./sbom.ts";
import { buildStatement, expectedSubjectDigest, parseStatement } from "./statement.ts";
import { MOCK_TEST_KEY_NOT_BEFORE, mockTestKey } from "./test-key.ts";
import { mockUrls, uuidOf } from "./urls.ts";

const packageVersion = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** The warning every mock response carries. */
export const MOCK_SAFETY_WARNING = "mock adapter: no safety gates ran";
/** The reason given for each gate the mock did not evaluate. */
export const MOCK_GATE_REASON = "mock: gates not evaluated";

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
 * The sandbox QRGAdapter (spec §5): the production contract with deterministic outputs and no real safety,
 * consensus or key management. Tokens and affect come from sha256(seed); signatures are real Ed25519
 * signatures by a committed TEST KEY over a DSSE-encoded in-toto Statement; everything is kept in memory.
 * Every response says it is a mock: builder_id `qrg-mock-adapter`, slsa_level 0, `mock://` location,
 * approved-but-not-evaluated gates, a safety warning and `symbolic_payload.metadata.mock = true`.
 */
export class MockQRGAdapter implements QRGAdapter {
  readonly kind = "mock" as const;
  readonly version = `${packageVersion}-mock`;
  readonly #store: ArtifactStore;
  readonly #urls: UrlBuilder;
  readonly #latencyMs: number;
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #sbom = mockSbom(packageVersion);
  #sbomStored: Promise<void> | undefined;

  constructor(options: MockQRGAdapterOptions = {}) {
    this.#store = options.store ?? new MemoryArtifactStore();
    this.#urls = options.urls ?? mockUrls;
    this.#latencyMs = options.latencyMs ?? 0;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? randomUUID;
  }

  async generate(call: GenerateCall): Promise<QRGResponse> {
    const started = performance.now();
    const request: QRGRequest = parseOrThrow(QRGRequestSchema, call.request, "request");
    const options = resolveOptions(request.options);

    return withDeadline(options.timeout_ms, call.signal, async (deadline) => {
      deadline.stage = "generation";
      if (this.#latencyMs > 0) await delay(this.#latencyMs, deadline.signal);
      const symbols = deriveSymbols(request.seed);
      const content = renderContent(options.artifact_type, symbols);
      const hash = hashBytes(options.hash_algorithm, content.bytes);
      const generated = performance.now();

      deadline.stage = "provenance";
      deadline.signal.throwIfAborted();
      await this.#storeSbom();
      const qrgId = `qrg:${this.#newId()}`;
      const buildTime = this.#now().toISOString();
      const artifact = {
        type: options.artifact_type,
        content_type: content.content_type,
        size_bytes: content.bytes.byteLength,
      };
      const statement = buildStatement({
        qrgId,
        hash: parseHash(hash),
        artifact,
        request,
        options,
        seedDigest: symbols.seedDigest,
        buildTime,
      });
      const { envelope, signatureB64 } = signEnvelope(statement);
      const key = mockTestKey();
      const publicKeyRef = this.#urls.key(key.keyId);

      const warnings = [
        MOCK_SAFETY_WARNING,
        "mock adapter: signed with a published TEST KEY, not a service key",
      ];
      // Absent means "the service's configured algorithm", which for the mock is Ed25519.
      if (options.signature_algorithm !== undefined && options.signature_algorithm !== "ed25519") {
        warnings.push(`mock adapter: signed with ed25519, not the requested ${options.signature_algorithm}`);
      }
      if (options.entropy_source === "quantum_rng") {
        warnings.push("mock adapter: quantum_rng requested; outputs are derived from sha256(seed) only");
      }
      if (options.consensus_required)
        warnings.push("mock adapter: consensus required but no mesh consensus ran");

      const response: QRGResponse = {
        qrg_id: qrgId,
        seed: request.seed,
        artifact: { ...artifact, location: `mock://artifacts/${uuidOf(qrgId)}`, hash },
        symbolic_payload: {
          tokens: symbols.tokens,
          affect_vector: symbols.affect_vector,
          metadata: {
            mock: true,
            generator: MOCK_BUILDER_ID,
            dimensionality: symbols.affect_vector.length,
            seed_digest: symbols.seedDigest,
          },
        },
        safety: {
          status: "approved",
          gate_checks: {
            ConstitutionalGatekeeper: { status: "approved", reason: MOCK_GATE_REASON, score: 1 },
            CulturalSafetyChecker: { status: "approved", reason: MOCK_GATE_REASON, score: 1 },
            CognitiveLoadEstimator: {
              status: "approved",
              estimated_load: symbols.estimated_load,
              warnings: [],
            },
          },
          warnings,
        },
        provenance: {
          builder_id: MOCK_BUILDER_ID,
          build_time: buildTime,
          sbom_ref: this.#urls.sbom(this.#sbom.digest),
          attestation_ref: this.#urls.attestation(qrgId),
          slsa_level: 0,
          signature: { algorithm: "ed25519", public_key_ref: publicKeyRef, signature_b64: signatureB64 },
          signatures: [
            {
              algorithm: "ed25519",
              key_id: key.keyId,
              public_key_ref: publicKeyRef,
              signature_b64: signatureB64,
            },
          ],
          statement_b64: envelope.payload,
          consensus: { required: options.consensus_required, participants: 0 },
        },
        metrics: {
          generation_time_ms: Math.round(generated - started),
          safety_check_time_ms: 0,
          total_time_ms: 0,
        },
      };

      deadline.stage = "storage";
      deadline.signal.throwIfAborted();
      response.metrics!.total_time_ms = Math.round(performance.now() - started);
      await this.#store.commit(
        {
          qrg_id: qrgId,
          content_hash: hash,
          content: content.bytes,
          attestation: envelopeBytes(envelope),
          record: { response, content_hash: hash, content_type: content.content_type, stored_at: buildTime },
        },
        deadline.signal,
      );
      return response;
    });
  }

  /**
   * Recomputes the stored content's hash and checks the mock signature and attestation. An unknown qrg_id
   * is a QRGNotFoundError, like a missing artifact in production.
   */
  async validate(input: ValidateRequest): Promise<ValidateResult> {
    const request: ValidateRequest = parseOrThrow(ValidateRequestSchema, input, "validate request");
    const record = await this.#store.getRecord(request.qrg_id);
    if (!record) throw new QRGNotFoundError(`no artifact ${request.qrg_id}`);
    const content = await this.#store.getContent(record.content_hash);
    const provenance = record.response.provenance;

    const hash_match =
      content !== undefined && hashUnder(request.expected_hash, content) === request.expected_hash;

    const statement = Buffer.from(provenance.statement_b64 ?? "", "base64");
    const signature_valid =
      provenance.signature?.algorithm === "ed25519" &&
      verifySignature(IN_TOTO_PAYLOAD_TYPE, statement, provenance.signature.signature_b64 ?? "");

    const attestation = await this.#store.getAttestation(request.qrg_id);
    const envelope = attestation && parseEnvelope(attestation);
    const parsed = parseStatement(statement);
    const actual = content && parseHash(hashBytes(parseHash(record.content_hash).algorithm, content));
    const provenance_verified =
      envelope !== undefined &&
      envelope.payload === provenance.statement_b64 &&
      envelope.signatures.some((s) => verifySignature(envelope.payloadType, statement, s.sig)) &&
      parsed !== undefined &&
      actual !== undefined &&
      parsed.subjectName === request.qrg_id &&
      parsed.builderId === provenance.builder_id &&
      sameDigest(parsed.subjectDigest, expectedSubjectDigest(actual));

    return {
      valid: hash_match && signature_valid && provenance_verified,
      hash_match,
      signature_valid,
      provenance_verified,
    };
  }

  async health(): Promise<Health> {
    const storage = await this.#store.health();
    return {
      status: storage === "ok" ? "healthy" : "unhealthy",
      checks: { safety_gates: "ok", provenance_service: "ok", artifact_storage: storage },
      version: this.version,
      adapter: "mock",
    };
  }

  async getArtifact(qrgId: string): Promise<QRGResponse | undefined> {
    return (await this.#store.getRecord(qrgId))?.response;
  }

  async getContent(qrgId: string): Promise<StoredContent | undefined> {
    const record = await this.#store.getRecord(qrgId);
    if (!record) return undefined;
    const bytes = await this.#store.getContent(record.content_hash);
    return bytes && { bytes, content_type: record.content_type, hash: record.content_hash };
  }

  async getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    return this.#store.getAttestation(qrgId);
  }

  async listKeys(): Promise<PublicKeyInfo[]> {
    const key = mockTestKey();
    return [
      {
        key_id: key.keyId,
        algorithm: "ed25519",
        public_key_pem: key.publicKeyPem,
        status: "active",
        not_before: MOCK_TEST_KEY_NOT_BEFORE,
        not_after: null,
      },
    ];
  }

  async getSbom(digest: string): Promise<Uint8Array | undefined> {
    await this.#storeSbom();
    return this.#store.getSbom(digest);
  }

  /** The mock SBOM goes into the store once, on first use. */
  #storeSbom(): Promise<void> {
    this.#sbomStored ??= this.#store.putSbom(this.#sbom.digest, this.#sbom.bytes).catch((error: unknown) => {
      this.#sbomStored = undefined;
      throw error;
    });
    return this.#sbomStored;
  }
}

interface SafeParser<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> } };
}

/** zod at the boundary: bad input becomes the QRGValidationError production raises, with field paths. */
function parseOrThrow<T>(schema: SafeParser<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
  throw new QRGValidationError(
    `invalid ${what}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    errors,
  );
}

/** The digest of `bytes` under the algorithm `expected` names; undefined when it names none we know. */
function hashUnder(expected: string, bytes: Uint8Array): string | undefined {
  const algorithm = expected.slice(0, expected.indexOf(":"));
  if (algorithm !== "sha256" && algorithm !== "sha3-256" && algorithm !== "blake3") return undefined;
  return hashBytes(algorithm, bytes);
}

function parseEnvelope(bytes: Uint8Array): DsseEnvelope | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<DsseEnvelope>;
    if (typeof value.payloadType !== "string" || typeof value.payload !== "string") return undefined;
    if (!Array.isArray(value.signatures)) return undefined;
    return value as DsseEnvelope;
  } catch {
    return undefined;
  }
}

function sameDigest(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}
