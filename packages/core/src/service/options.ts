import { randomUUID } from "node:crypto";
import type { GateName } from "../errors.ts";
import type { GeneratedArtifact, GenerationInput } from "../ports/artifact.ts";
import type { ConsciousnessProvider } from "../ports/consciousness.ts";
import type { MeshConsensus } from "../ports/consensus.ts";
import type { EntropySource } from "../ports/entropy.ts";
import type { SafetyGateSet } from "../ports/gate.ts";
import type { ProvenanceService, UrlBuilder } from "../ports/provenance.ts";
import type { ArtifactStore } from "../ports/store.ts";
import type { Telemetry } from "../ports/telemetry.ts";
import { createNoopTelemetry } from "../telemetry-noop.ts";
import { createDeclaredConsciousnessProvider, createOsEntropySource } from "./defaults.ts";

/**
 * Everything QRGService runs on. Every port is an option, so a composition root (or a test) replaces any
 * one of them by passing a `Partial<QRGServiceOptions>` over its defaults.
 */
export interface QRGServiceOptions {
  /**
   * The generation engine (`generateArtifact` from @qrg/engine in production). It receives the request's
   * deadline signal and its result is raced against it, so an engine that does not finish in time (a
   * remote one, or the sandbox mock's simulated latency) never delays the answer past `timeout_ms`.
   */
  engine: (input: GenerationInput, signal: AbortSignal) => GeneratedArtifact | Promise<GeneratedArtifact>;
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
  /**
   * What a request with `consensus_required: true` gets while no mesh is wired: `refuse` answers with a
   * QRGNotImplementedError; `proceed` generates without agreement, and the provenance service must then say
   * so (the sandbox mock does, with `consensus.participants: 0` and a warning).
   * @default "refuse"
   */
  consensusRequired?: "refuse" | "proceed";
  /**
   * Mesh consensus for `consensus_required: true` (QRG_CONSENSUS_ENABLED): the request also goes to the mesh's
   * nodes, and the artifact is committed only once a quorum of them agreed with it. @default none
   */
  consensus?: MeshConsensus;
  /** Per-gate budget in milliseconds. @default 500 */
  gateBudgetMs?: number | Partial<Record<GateName, number>>;
  /** How many times the engine may regenerate at lower complexity for users below T4. @default 4 */
  maxComplexityReductions?: number;
  /** How long a health() result is reused, so probes stay cheap under load. @default 1000 */
  healthCacheMs?: number;
  /** @default () => new Date() */
  clock?: () => Date;
  /** The uuid part of each new qrg_id. @default crypto.randomUUID */
  newId?: () => string;
}

/** The options with every default filled in and the gate budgets spelled out per gate. */
export type ServiceConfig = Required<Omit<QRGServiceOptions, "gateBudgetMs" | "consensus">> & {
  budgets: Record<GateName, number>;
  consensus: MeshConsensus | undefined;
};

export function resolveServiceOptions(options: QRGServiceOptions): ServiceConfig {
  const budget = options.gateBudgetMs ?? 500;
  const base = typeof budget === "number" ? budget : 500;
  const per = typeof budget === "number" ? {} : budget;
  const { gateBudgetMs: _budget, ...rest } = options;
  return {
    telemetry: createNoopTelemetry(),
    consciousness: createDeclaredConsciousnessProvider(),
    entropy: createOsEntropySource(),
    consciousnessEnabled: true,
    consensusRequired: "refuse",
    maxComplexityReductions: 4,
    healthCacheMs: 1000,
    clock: () => new Date(),
    newId: randomUUID,
    consensus: undefined,
    ...rest,
    budgets: {
      ConstitutionalGatekeeper: per.ConstitutionalGatekeeper ?? base,
      CulturalSafetyChecker: per.CulturalSafetyChecker ?? base,
      CognitiveLoadEstimator: per.CognitiveLoadEstimator ?? base,
    },
  };
}
