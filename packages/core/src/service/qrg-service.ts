import {
  type Health,
  type PublicKeyInfo,
  type QRGResponse,
  type RequestOptions,
  resolveOptions,
  type ValidateRequest,
  type ValidateResult,
} from "@qrg/schema";
import { isQRGError } from "../errors.ts";
import type { GenerateCall, QRGAdapter, StoredContent } from "../ports/adapter.ts";
import type { Attestation } from "../ports/provenance.ts";
import { type Admission, admit } from "./admission.ts";
import { Deadline } from "./deadline.ts";
import { checkHealth } from "./health.ts";
import { resolveInputs } from "./inputs.ts";
import { generateAndInspect, type Inspected } from "./inspection.ts";
import { type QRGServiceOptions, resolveServiceOptions, type ServiceConfig } from "./options.ts";
import { safetyBlock } from "./safety-block.ts";
import { validateStored } from "./validate.ts";

export type { QRGServiceOptions } from "./options.ts";

const ms = (value: number) => Math.max(0, Math.round(value));

/** A consensus job's budget, as a multiple of the request's timeout_ms. */
export const CONSENSUS_TIMEOUT_FACTOR = 3;

/**
 * The production adapter. A request is admitted (ConstitutionalGatekeeper), its inputs resolved
 * (consciousness, entropy), the artifact generated and inspected (CulturalSafetyChecker ∥
 * CognitiveLoadEstimator, regenerating at lower complexity when the load is too high for the user), attested
 * (signed provenance) and committed to the store. One deadline (options.timeout_ms) reaches every stage; the
 * response exists only once the store has made the artifact and its record durable.
 */
export class QRGService implements QRGAdapter {
  readonly kind = "production" as const;
  readonly #config: ServiceConfig;
  #health: { at: number; value: Promise<Health> } | undefined;

  constructor(options: QRGServiceOptions) {
    this.#config = resolveServiceOptions(options);
  }

  async generate(call: GenerateCall): Promise<QRGResponse> {
    const { request, principal } = call;
    const options = resolveOptions(request.options);
    const tier = request.context?.tier_level ?? principal.tier;
    const { telemetry } = this.#config;
    const t0 = performance.now();
    // A consensus job may take CONSENSUS_TIMEOUT_FACTOR × timeout_ms: the nodes generate too, and may retry.
    const consensus = options.consensus_required ? this.#config.consensus : undefined;
    using deadline = new Deadline(
      consensus ? CONSENSUS_TIMEOUT_FACTOR * options.timeout_ms : options.timeout_ms,
      call.signal,
    );
    const attributes = {
      "qrg.user_id": request.user_id,
      "qrg.seed": request.seed.slice(0, 16),
      "qrg.tier_level": tier,
      "qrg.entropy_source": options.entropy_source,
    };
    const record = (status: "success" | "rejected" | "timeout" | "error") =>
      telemetry.generation({
        tier_level: tier,
        entropy_source: options.entropy_source,
        status,
        duration_seconds: (performance.now() - t0) / 1000,
      });
    try {
      const response = await telemetry.span("qrg.generate", attributes, async (span) => {
        const result = await this.#stages(call, options, tier, deadline, t0);
        span.setAttributes({
          "qrg.qrg_id": result.qrg_id,
          "qrg.total_time_ms": result.metrics?.total_time_ms ?? 0,
          "qrg.safety.status": result.safety.status,
        });
        return result;
      });
      record("success");
      return response;
    } catch (error) {
      const code = isQRGError(error) ? error.code : undefined;
      record(
        code === "safety_rejection" || code === "quota_exceeded"
          ? "rejected"
          : code === "timeout"
            ? "timeout"
            : "error",
      );
      throw error;
    }
  }

  /** admit → resolve inputs → generate and inspect → attest → commit. */
  async #stages(
    call: GenerateCall,
    options: RequestOptions,
    tier: number,
    deadline: Deadline,
    t0: number,
  ): Promise<QRGResponse> {
    const config = this.#config;
    const startedOn = config.clock();
    const admission = await admit(config, call, options, deadline);
    const inputs = await resolveInputs(config, call.request, options, admission.constitutional, deadline);
    // The mesh's nodes generate the same artifact (same qrg_id, same entropy) while this service does, so a
    // consensus request takes its qrg_id now; any other takes it only once the artifact passed inspection.
    const meshId = options.consensus_required && config.consensus ? `qrg:${config.newId()}` : undefined;
    const round = meshId
      ? config.consensus?.begin({
          qrgId: meshId,
          call,
          entropy: inputs.entropy,
          timeoutMs: deadline.timeoutMs,
        })
      : undefined;
    try {
      const inspected = await generateAndInspect(config, call, options, inputs, deadline);
      const qrgId = meshId ?? `qrg:${config.newId()}`;
      const consciousnessUsed = inputs.consciousness.mode === "adapted";
      const attestation = await this.#attest(
        qrgId,
        call,
        options,
        admission,
        inspected,
        startedOn,
        deadline,
        consciousnessUsed,
      );
      const response = this.#response(qrgId, call, admission, inspected, attestation);
      // Nothing is committed unless a quorum of nodes agreed with this very artifact.
      if (round) {
        deadline.enter("consensus");
        const agreement = await config.telemetry.span("qrg.generate.consensus", {}, () =>
          round.agree(response),
        );
        response.provenance.consensus = { ...agreement };
      }
      // Measured up to the commit, so the stored record (what later reads serve) equals the answer.
      if (response.metrics) response.metrics.total_time_ms = ms(performance.now() - t0);
      await this.#commit(response, inspected, attestation, deadline);
      round?.completed(response);
      if (attestation.provenance.slsa_level !== undefined) {
        config.telemetry.slsaLevel(qrgId, attestation.provenance.slsa_level);
      }
      config.telemetry.cognitiveLoad(tier, inspected.inspection.cognitive.estimated_load);
      return response;
    } catch (error) {
      round?.abandon(error);
      throw error;
    }
  }

  /** Signs and attests the artifact, within the deadline. */
  #attest(
    qrgId: string,
    call: GenerateCall,
    options: RequestOptions,
    admission: Admission,
    { artifact }: Inspected,
    startedOn: Date,
    deadline: Deadline,
    consciousnessUsed: boolean,
  ): Promise<Attestation> {
    const { telemetry, provenance, urls, clock } = this.#config;
    deadline.enter("provenance");
    const finishedOn = clock();
    return telemetry.span("qrg.generate.provenance", {}, () =>
      deadline.race(
        provenance.attest(
          {
            qrg_id: qrgId,
            artifact: {
              hash: artifact.hash,
              size_bytes: artifact.content.byteLength,
              content_type: artifact.content_type,
              type: artifact.type,
            },
            // The declared consciousness_state enters the Statement only when it was used, i.e. with consent.
            request: consciousnessUsed ? call.request : withoutConsciousnessState(call.request),
            options,
            started_on: startedOn,
            finished_on: finishedOn,
            policy: admission.constitutional.policy,
            urls,
          },
          deadline.signal,
        ),
      ),
    );
  }

  #response(
    qrgId: string,
    call: GenerateCall,
    admission: Admission,
    { artifact, inspection, generationMs, inspectionMs }: Inspected,
    attestation: Attestation,
  ): QRGResponse {
    return {
      qrg_id: qrgId,
      seed: call.request.seed,
      artifact: {
        type: artifact.type,
        location: this.#config.urls.artifactContent(qrgId),
        hash: artifact.hash,
        size_bytes: artifact.content.byteLength,
        content_type: artifact.content_type,
      },
      symbolic_payload: { ...artifact.symbolic_payload },
      safety: safetyBlock(admission.constitutional, inspection, artifact, attestation.warnings),
      provenance: attestation.provenance,
      metrics: {
        generation_time_ms: ms(generationMs),
        safety_check_time_ms: ms(admission.ms + inspectionMs),
        total_time_ms: 0,
      },
    };
  }

  /** The record is the commit point: the response exists only after the store made it durable. */
  async #commit(
    response: QRGResponse,
    { artifact }: Inspected,
    attestation: Attestation,
    deadline: Deadline,
  ): Promise<void> {
    const { telemetry, store, clock } = this.#config;
    deadline.enter("store");
    // Not raced against the deadline: the store honours the signal up to its commit point and completes
    // after it, so a commit that became durable is never reported as a timeout.
    await telemetry.span("qrg.generate.store", {}, () =>
      store.commit(
        {
          qrg_id: response.qrg_id,
          content_hash: artifact.hash,
          content: artifact.content,
          attestation: attestation.document,
          record: {
            response,
            content_hash: artifact.hash,
            content_type: artifact.content_type,
            stored_at: clock().toISOString(),
          },
        },
        deadline.signal,
      ),
    );
  }

  validate(request: ValidateRequest): Promise<ValidateResult> {
    return validateStored(this.#config, request);
  }

  health(): Promise<Health> {
    const now = Date.now();
    if (this.#health && now - this.#health.at < this.#config.healthCacheMs) return this.#health.value;
    const value = checkHealth(this.#config);
    this.#health = { at: now, value };
    return value;
  }

  async getArtifact(qrgId: string): Promise<QRGResponse | undefined> {
    return (await this.#config.store.getRecord(qrgId))?.response;
  }

  async getContent(qrgId: string): Promise<StoredContent | undefined> {
    const { store } = this.#config;
    const record = await store.getRecord(qrgId);
    if (!record) return undefined;
    const bytes = await store.getContent(record.content_hash);
    return bytes ? { bytes, content_type: record.content_type, hash: record.content_hash } : undefined;
  }

  getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    return this.#config.store.getAttestation(qrgId);
  }

  listKeys(): Promise<PublicKeyInfo[]> {
    return this.#config.provenance.listKeys();
  }

  getSbom(digest: string): Promise<Uint8Array | undefined> {
    return this.#config.store.getSbom(digest);
  }
}

function withoutConsciousnessState(request: GenerateCall["request"]): GenerateCall["request"] {
  if (!request.context?.consciousness_state) return request;
  const { consciousness_state: _dropped, ...context } = request.context;
  return { ...request, context };
}
