import { randomUUID } from "node:crypto";
import {
  type Health,
  type HealthCheckStatus,
  type PublicKeyInfo,
  type QRGResponse,
  type RequestOptions,
  resolveOptions,
  type Safety,
  type ValidateRequest,
  type ValidateResult,
} from "@qrg/schema";
import {
  type GateName,
  isQRGError,
  QRGError,
  QRGNotFoundError,
  QRGNotImplementedError,
  QRGQuotaExceeded,
  QRGSafetyRejection,
} from "../errors.ts";
import type { GenerateCall, QRGAdapter, StoredContent } from "../ports/adapter.ts";
import type {
  ConsciousnessInput,
  EntropyUsed,
  GenerateArtifact,
  GeneratedArtifact,
} from "../ports/artifact.ts";
import type { ConsciousnessProvider } from "../ports/consciousness.ts";
import type { EntropySource } from "../ports/entropy.ts";
import type {
  CognitiveOutcome,
  ConstitutionalOutcome,
  GateOutcome,
  InspectionInput,
  SafetyGateSet,
} from "../ports/gate.ts";
import type { ProvenanceService, UrlBuilder } from "../ports/provenance.ts";
import type { ArtifactStore } from "../ports/store.ts";
import type { Telemetry } from "../ports/telemetry.ts";
import { createNoopTelemetry } from "../telemetry-noop.ts";
import { hashBytes, parseHash } from "../util/hash.ts";
import { Deadline } from "./deadline.ts";
import { createDeclaredConsciousnessProvider, createOsEntropySource } from "./defaults.ts";
import { type GateRun, runGate } from "./run-gate.ts";

export interface QRGServiceOptions {
  engine: GenerateArtifact;
  gates: SafetyGateSet;
  provenance: ProvenanceService;
  store: ArtifactStore;
  urls: UrlBuilder;
  /** Service version reported by health(). */
  version: string;
  /** @default no-op telemetry */
  telemetry?: Telemetry;
  /** @default the state the request declares */
  consciousness?: ConsciousnessProvider;
  /** Source for `entropy_source: quantum_rng`. @default the OS CSPRNG (reported as such) */
  entropy?: EntropySource;
  /** QRG_CONSCIOUSNESS_ENABLED. @default true */
  consciousnessEnabled?: boolean;
  /** Per-gate budget in milliseconds. @default 500 */
  gateBudgetMs?: number | Partial<Record<GateName, number>>;
  /** How many times the engine may regenerate at lower complexity for users below T4. @default 4 */
  maxComplexityReductions?: number;
  /** How long a health() result is reused, so probes stay cheap under load. @default 1000 */
  healthCacheMs?: number;
  /** @default () => new Date() */
  clock?: () => Date;
}

interface Inspection {
  cultural: GateOutcome;
  cognitive: CognitiveOutcome;
  cognitiveNote?: string;
  ms: number;
}

const ms = (value: number) => Math.max(0, Math.round(value));

/**
 * The production adapter: spec §5's orchestration. Admission (ConstitutionalGatekeeper) → generation →
 * inspection (CulturalSafetyChecker ∥ CognitiveLoadEstimator, regenerating at lower complexity when the
 * load is too high for the user) → provenance → durable store. One deadline (options.timeout_ms) reaches
 * every stage; the response exists only once the store has made the artifact and its record durable.
 */
export class QRGService implements QRGAdapter {
  readonly kind = "production" as const;
  readonly #o: Required<Omit<QRGServiceOptions, "gateBudgetMs">>;
  readonly #budgets: Record<GateName, number>;
  #health: { at: number; value: Promise<Health> } | undefined;

  constructor(options: QRGServiceOptions) {
    this.#o = {
      telemetry: createNoopTelemetry(),
      consciousness: createDeclaredConsciousnessProvider(),
      entropy: createOsEntropySource(),
      consciousnessEnabled: true,
      maxComplexityReductions: 4,
      healthCacheMs: 1000,
      clock: () => new Date(),
      ...options,
    };
    const budget = options.gateBudgetMs ?? 500;
    const base = typeof budget === "number" ? budget : 500;
    const per = typeof budget === "number" ? {} : budget;
    this.#budgets = {
      ConstitutionalGatekeeper: per.ConstitutionalGatekeeper ?? base,
      CulturalSafetyChecker: per.CulturalSafetyChecker ?? base,
      CognitiveLoadEstimator: per.CognitiveLoadEstimator ?? base,
    };
  }

  async generate(call: GenerateCall): Promise<QRGResponse> {
    const { request, principal } = call;
    const options = resolveOptions(request.options);
    const tier = request.context?.tier_level ?? principal.tier;
    const t0 = performance.now();
    const { telemetry } = this.#o;
    using deadline = new Deadline(options.timeout_ms, call.signal);
    try {
      const response = await telemetry.span(
        "qrg.generate",
        {
          "qrg.user_id": request.user_id,
          "qrg.seed": request.seed.slice(0, 16),
          "qrg.tier_level": tier,
          "qrg.entropy_source": options.entropy_source,
        },
        async (span) => {
          const result = await this.#generate(call, options, tier, deadline, t0);
          span.setAttributes({
            "qrg.qrg_id": result.qrg_id,
            "qrg.total_time_ms": result.metrics?.total_time_ms ?? 0,
            "qrg.safety.status": result.safety.status,
          });
          return result;
        },
      );
      telemetry.generation({
        tier_level: tier,
        entropy_source: options.entropy_source,
        status: "success",
        duration_seconds: (performance.now() - t0) / 1000,
      });
      return response;
    } catch (error) {
      const status = isQRGError(error)
        ? error.code === "safety_rejection" || error.code === "quota_exceeded"
          ? "rejected"
          : error.code === "timeout"
            ? "timeout"
            : "error"
        : "error";
      telemetry.generation({
        tier_level: tier,
        entropy_source: options.entropy_source,
        status,
        duration_seconds: (performance.now() - t0) / 1000,
      });
      throw error;
    }
  }

  async #generate(
    call: GenerateCall,
    options: RequestOptions,
    tier: number,
    deadline: Deadline,
    t0: number,
  ): Promise<QRGResponse> {
    const { request, principal } = call;
    const { telemetry, urls } = this.#o;
    const startedOn = this.#o.clock();

    if (options.consensus_required) {
      throw new QRGNotImplementedError(
        "mesh consensus is not available in this deployment: send consensus_required: false",
      );
    }

    // 1. Admission: the ConstitutionalGatekeeper decides before any work is done.
    deadline.enter("constitutional_gate");
    const admission = await telemetry.span(
      "qrg.generate.safety_checks",
      { "qrg.safety.phase": "admission" },
      () =>
        telemetry.span("qrg.generate.safety_checks.ConstitutionalGatekeeper", {}, () =>
          runGate(
            this.#o.gates.constitutional,
            { request, options, principal },
            this.#budgets.ConstitutionalGatekeeper,
            deadline,
          ),
        ),
    );
    const constitutional = this.#failClosed(admission, "ConstitutionalGatekeeper") as ConstitutionalOutcome;
    this.#recordOutcome("ConstitutionalGatekeeper", constitutional, request.user_id);
    if (constitutional.status === "rejected") {
      if (constitutional.retry_after_seconds !== undefined) {
        throw new QRGQuotaExceeded(constitutional.reason, constitutional.retry_after_seconds);
      }
      throw new QRGSafetyRejection(
        "ConstitutionalGatekeeper",
        constitutional.rule_id ?? "unspecified",
        constitutional.reason,
        constitutional.score,
      );
    }

    // 2. Inputs the engine needs: consciousness (consent and flag permitting) and entropy.
    deadline.enter("consciousness");
    const consciousness = await this.#consciousness(request, constitutional, deadline);
    deadline.enter("entropy");
    const entropy = await this.#entropy(options, deadline);

    // 3. Generate, then inspect; below T4 an overwhelming artifact is regenerated at lower complexity.
    let artifact: GeneratedArtifact | undefined;
    let inspection: Inspection | undefined;
    let generationMs = 0;
    let inspectionMs = 0;
    for (let level = 0; level <= this.#o.maxComplexityReductions; level++) {
      deadline.enter("artifact");
      const g0 = performance.now();
      artifact = await telemetry.span("qrg.generate.artifact", { "qrg.complexity_level": level }, async () =>
        this.#o.engine({
          seed: request.seed,
          context: request.context ?? {},
          options,
          consciousness,
          entropy,
          complexity_level: level,
        }),
      );
      generationMs += performance.now() - g0;
      deadline.enter("inspection");
      inspection = await this.#inspect({ request, options, principal, artifact }, deadline);
      inspectionMs += inspection.ms;
      if (inspection.cultural.status === "rejected") {
        throw new QRGSafetyRejection(
          "CulturalSafetyChecker",
          inspection.cultural.rule_id ?? "unspecified",
          inspection.cultural.reason,
          inspection.cultural.score,
        );
      }
      if (inspection.cognitive.action !== "reduce") break;
    }
    if (!artifact || !inspection) throw new QRGError("internal_error", "generation produced no artifact");

    // 4. Provenance: sign and attest.
    const qrgId = `qrg:${randomUUID()}`;
    deadline.enter("provenance");
    const finishedOn = this.#o.clock();
    const attestation = await telemetry.span("qrg.generate.provenance", {}, () =>
      deadline.race(
        this.#o.provenance.attest(
          {
            qrg_id: qrgId,
            artifact: {
              hash: artifact.hash,
              size_bytes: artifact.content.byteLength,
              content_type: artifact.content_type,
              type: artifact.type,
            },
            request,
            options,
            started_on: startedOn,
            finished_on: finishedOn,
            policy: constitutional.policy,
            urls,
          },
          deadline.signal,
        ),
      ),
    );

    const safety = this.#safetyBlock(constitutional, inspection, artifact, attestation.warnings);
    const response: QRGResponse = {
      qrg_id: qrgId,
      seed: request.seed,
      artifact: {
        type: artifact.type,
        location: urls.artifactContent(qrgId),
        hash: artifact.hash,
        size_bytes: artifact.content.byteLength,
        content_type: artifact.content_type,
      },
      symbolic_payload: { ...artifact.symbolic_payload },
      safety,
      provenance: attestation.provenance,
      metrics: {
        generation_time_ms: ms(generationMs),
        safety_check_time_ms: ms(admission.ms + inspectionMs),
        total_time_ms: 0,
      },
    };

    // 5. Durable store: the record is the commit point; the response exists only after it.
    deadline.enter("store");
    // Not raced against the deadline: the store honours the signal up to its commit point and completes
    // after it, so a commit that became durable is never reported as a timeout.
    await telemetry.span("qrg.generate.store", {}, () =>
      this.#o.store.commit(
        {
          qrg_id: qrgId,
          content_hash: artifact.hash,
          content: artifact.content,
          attestation: attestation.document,
          record: {
            response,
            content_hash: artifact.hash,
            content_type: artifact.content_type,
            stored_at: this.#o.clock().toISOString(),
          },
        },
        deadline.signal,
      ),
    );
    if (response.metrics) response.metrics.total_time_ms = ms(performance.now() - t0);
    if (attestation.provenance.slsa_level !== undefined) {
      telemetry.slsaLevel(qrgId, attestation.provenance.slsa_level);
    }
    telemetry.cognitiveLoad(tier, inspection.cognitive.estimated_load);
    return response;
  }

  async #consciousness(
    request: GenerateCall["request"],
    constitutional: ConstitutionalOutcome,
    deadline: Deadline,
  ): Promise<ConsciousnessInput> {
    const { telemetry } = this.#o;
    let input: ConsciousnessInput;
    if (!this.#o.consciousnessEnabled) input = { mode: "disabled" };
    else if (constitutional.consciousness === "no_consent") input = { mode: "no_consent" };
    else {
      try {
        const declared = request.context?.consciousness_state;
        const state = await deadline.race(
          this.#o.consciousness.resolve(
            { user_id: request.user_id, ...(declared ? { declared } : {}) },
            deadline.signal,
          ),
        );
        input = state ? { mode: "adapted", state } : { mode: "unavailable" };
      } catch (error) {
        if (deadline.signal.aborted) throw deadline.signal.reason;
        telemetry.logger.warn(
          { event: "consciousness_unavailable", provider: this.#o.consciousness.name, err: String(error) },
          "consciousness provider unavailable: generating without adaptation",
        );
        input = { mode: "unavailable" };
      }
    }
    if (input.mode !== "adapted") telemetry.consciousnessDisabled(input.mode);
    return input;
  }

  async #entropy(options: RequestOptions, deadline: Deadline): Promise<EntropyUsed> {
    if (options.entropy_source === "pseudo_rng") return { requested: "pseudo_rng", source: "pseudo_rng" };
    const source = this.#o.entropy;
    const bytes = await deadline.race(source.read(32, deadline.signal));
    const used: EntropyUsed = {
      requested: "quantum_rng",
      source: source.kind === "quantum" ? "quantum_rng" : "os_csprng",
      bytes,
    };
    if (used.source !== "quantum_rng") {
      this.#o.telemetry.logger.warn(
        { event: "entropy_fallback", requested: "quantum_rng", used: used.source, source: source.name },
        "no quantum entropy source: OS CSPRNG used for quantum_rng",
      );
    }
    return used;
  }

  async #inspect(input: InspectionInput, deadline: Deadline): Promise<Inspection> {
    const { telemetry, gates } = this.#o;
    const t0 = performance.now();
    const [culturalRun, cognitiveRun] = await telemetry.span(
      "qrg.generate.safety_checks",
      { "qrg.safety.phase": "inspection" },
      () =>
        Promise.all([
          telemetry.span("qrg.generate.safety_checks.CulturalSafetyChecker", {}, () =>
            runGate(gates.cultural, input, this.#budgets.CulturalSafetyChecker, deadline),
          ),
          telemetry.span("qrg.generate.safety_checks.CognitiveLoadEstimator", {}, () =>
            runGate(gates.cognitive, input, this.#budgets.CognitiveLoadEstimator, deadline),
          ),
        ]),
    );
    const cultural = this.#failClosed(culturalRun, "CulturalSafetyChecker");
    this.#recordOutcome("CulturalSafetyChecker", cultural, input.request.user_id);
    let cognitive: CognitiveOutcome;
    let cognitiveNote: string | undefined;
    telemetry.safetyGateOutcome("CognitiveLoadEstimator", cognitiveRun.ok ? "ok" : cognitiveRun.failure);
    if (cognitiveRun.ok) cognitive = cognitiveRun.outcome;
    else {
      // The CognitiveLoadEstimator fails open: no estimate, no warning, and the response says so.
      cognitiveNote = `CognitiveLoadEstimator ${cognitiveRun.failure === "timeout" ? "exceeded its budget" : "failed"}: load not estimated`;
      telemetry.logger.warn(
        {
          event: "gate_failed_open",
          gate: "CognitiveLoadEstimator",
          failure: cognitiveRun.failure,
          err: String(cognitiveRun.error),
        },
        cognitiveNote,
      );
      cognitive = { status: "approved", estimated_load: 0, warnings: [], action: "proceed" };
    }
    return { cultural, cognitive, ...(cognitiveNote ? { cognitiveNote } : {}), ms: performance.now() - t0 };
  }

  /** Constitutional and Cultural fail closed: an overrun or a throw is a rejection. */
  #failClosed<O extends GateOutcome>(run: GateRun<O>, gate: GateName): O | GateOutcome {
    this.#o.telemetry.safetyGateOutcome(gate, run.ok ? "ok" : run.failure);
    if (run.ok) return run.outcome;
    const reason =
      run.failure === "timeout"
        ? `${gate} exceeded its budget (fail closed)`
        : `${gate} failed (fail closed)`;
    this.#o.telemetry.logger.error(
      { event: "gate_failed_closed", gate, failure: run.failure, err: String(run.error) },
      reason,
    );
    return {
      status: "rejected",
      reason,
      score: 0,
      rule_id: `gate.${run.failure}`,
      warnings: [],
      ...(gate === "ConstitutionalGatekeeper"
        ? { policy: { version: "unknown", digest: "unknown" }, consciousness: "no_consent" }
        : {}),
    };
  }

  #recordOutcome(gate: GateName, outcome: GateOutcome, userId: string): void {
    const { telemetry } = this.#o;
    telemetry.safetyScore(gate, outcome.score);
    if (outcome.status === "rejected") {
      const rule = outcome.rule_id ?? "unspecified";
      telemetry.safetyRejection(gate, rule);
      telemetry.logger.warn(
        {
          event: "safety_rejection",
          gate,
          rule,
          reason: outcome.reason,
          score: outcome.score,
          user_id: userId,
        },
        `${gate} rejected a request`,
      );
    }
  }

  #safetyBlock(
    constitutional: ConstitutionalOutcome,
    inspection: Inspection,
    artifact: GeneratedArtifact,
    provenanceWarnings: string[],
  ): Safety {
    const { cultural, cognitive, cognitiveNote } = inspection;
    const adapted = artifact.complexity_level > 0;
    const warnings = [
      ...constitutional.warnings,
      ...artifact.warnings,
      ...cultural.warnings,
      ...cognitive.warnings,
      ...(adapted
        ? [`cognitive load adapted: regenerated at lower complexity (level ${artifact.complexity_level})`]
        : []),
      ...(cognitiveNote ? [cognitiveNote] : []),
      ...provenanceWarnings,
    ];
    return {
      status: cognitive.status === "flagged" ? "flagged" : "approved",
      gate_checks: {
        ConstitutionalGatekeeper: {
          status: "approved",
          reason: constitutional.reason,
          score: constitutional.score,
          policy_version: constitutional.policy.version,
        },
        CulturalSafetyChecker: { status: "approved", reason: cultural.reason, score: cultural.score },
        CognitiveLoadEstimator: {
          status: cognitive.status,
          ...(cognitiveNote ? { note: cognitiveNote } : { estimated_load: cognitive.estimated_load }),
          warnings: cognitive.warnings,
          ...(adapted ? { adapted_complexity_level: artifact.complexity_level } : {}),
        },
      },
      warnings: [...new Set(warnings)],
    };
  }

  async validate(request: ValidateRequest): Promise<ValidateResult> {
    const { telemetry } = this.#o;
    return telemetry.span("qrg.validate", { "qrg.qrg_id": request.qrg_id }, async () => {
      const record = await this.#o.store.getRecord(request.qrg_id);
      if (!record) throw new QRGNotFoundError(`no artifact ${request.qrg_id}`);
      const expected = parseHash(request.expected_hash);
      const content = await this.#o.store.getContent(record.content_hash);
      const hashMatch =
        content !== undefined &&
        request.expected_hash === record.response.artifact.hash &&
        hashBytes(expected.algorithm, content) === request.expected_hash;
      let signatureValid = false;
      let provenanceVerified = false;
      if (content !== undefined) {
        const attestation = await this.#o.store.getAttestation(request.qrg_id);
        try {
          const verdict = await this.#o.provenance.verify({
            response: record.response,
            content,
            ...(attestation ? { attestation } : {}),
          });
          signatureValid = verdict.signature_valid;
          provenanceVerified = verdict.provenance_verified;
          telemetry.signatureVerification(signatureValid ? "valid" : "invalid");
        } catch (error) {
          telemetry.signatureVerification("error");
          telemetry.logger.warn(
            { event: "verification_error", qrg_id: request.qrg_id, err: String(error) },
            "verification failed",
          );
        }
      }
      return {
        valid: hashMatch && signatureValid && provenanceVerified,
        hash_match: hashMatch,
        signature_valid: signatureValid,
        provenance_verified: provenanceVerified,
      };
    });
  }

  health(): Promise<Health> {
    const now = Date.now();
    if (this.#health && now - this.#health.at < this.#o.healthCacheMs) return this.#health.value;
    const value = this.#checkHealth();
    this.#health = { at: now, value };
    return value;
  }

  async #checkHealth(): Promise<Health> {
    const settle = async (probe: () => Promise<HealthCheckStatus>): Promise<HealthCheckStatus> => {
      try {
        return await probe();
      } catch {
        return "error";
      }
    };
    const { gates } = this.#o;
    const [safety_gates, provenance_service, artifact_storage] = await Promise.all([
      settle(async () =>
        gates.constitutional.ready() && gates.cultural.ready() && gates.cognitive.ready() ? "ok" : "error",
      ),
      settle(() => this.#o.provenance.health()),
      settle(() => this.#o.store.health()),
    ]);
    const checks = { safety_gates, provenance_service, artifact_storage };
    // Without storage nothing can be served; with storage up, stored artifacts still read and validate.
    const status =
      artifact_storage === "error"
        ? "unhealthy"
        : Object.values(checks).every((c) => c === "ok")
          ? "healthy"
          : "degraded";
    return { status, checks, version: this.#o.version };
  }

  async getArtifact(qrgId: string): Promise<QRGResponse | undefined> {
    return (await this.#o.store.getRecord(qrgId))?.response;
  }

  async getContent(qrgId: string): Promise<StoredContent | undefined> {
    const record = await this.#o.store.getRecord(qrgId);
    if (!record) return undefined;
    const bytes = await this.#o.store.getContent(record.content_hash);
    return bytes ? { bytes, content_type: record.content_type, hash: record.content_hash } : undefined;
  }

  getAttestation(qrgId: string): Promise<Uint8Array | undefined> {
    return this.#o.store.getAttestation(qrgId);
  }

  listKeys(): Promise<PublicKeyInfo[]> {
    return this.#o.provenance.listKeys();
  }

  getSbom(digest: string): Promise<Uint8Array | undefined> {
    return this.#o.store.getSbom(digest);
  }
}
