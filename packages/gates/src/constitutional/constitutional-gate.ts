import {
  type AdmissionInput,
  type ConstitutionalGate,
  type ConstitutionalOutcome,
  type Logger,
  raceSignal,
} from "@qrg/core";
import type { RequestOptions } from "@qrg/schema";
import type { GateData } from "../data/gate-data.ts";
import type { LoadedPolicy } from "../policy/load-policy.ts";
import type {
  HarmfulCategory,
  MinTierCondition,
  PolicyRule,
  QuotaCondition,
} from "../policy/policy-schema.ts";
import { InMemoryQuotaStore } from "../quota/in-memory-quota-store.ts";
import type { QuotaStore } from "../quota/quota-store.ts";
import { logRejection, silentLogger } from "../rejection-log.ts";
import { readingOf } from "../text/reading.ts";
import { effectiveTier } from "../tier.ts";
import { HarmfulIntentScreen } from "./harmful-intent-screen.ts";
import type { IntentScreenFinding, IntentScreenModule } from "./intent-screen.ts";
import { renderReason } from "./render-reason.ts";

export interface ConstitutionalGatekeeperOptions {
  policy: LoadedPolicy;
  data: GateData;
  /**
   * Enforce the policy's quota rule. The API passes `QRG_QUOTAS !== "off"`.
   * @default true
   */
  quotasEnabled?: boolean;
  /** @default a new InMemoryQuotaStore */
  quotaStore?: QuotaStore;
  /** Milliseconds since the epoch, for quota windows. @default Date.now */
  clock?: () => number;
  /** Receives one structured record per rejection. @default a silent logger */
  logger?: Logger;
  /**
   * A harmful-intent classifier consulted by every `harmful_intent` rule after its phrase lists, over the same
   * fields. Its hits in the rule's categories reject like a phrase does. @default none
   */
  intentScreen?: IntentScreenModule;
}

/**
 * The Guardian gate, before any generation work: the policy's rules in order (tier, harmful intent, consent,
 * quota in the shipped policy). The first rejecting rule decides; `warn` and `degrade` rules add warnings.
 * Every outcome carries the policy's version and digest.
 */
export class ConstitutionalGatekeeper implements ConstitutionalGate {
  readonly name = "ConstitutionalGatekeeper" as const;
  readonly policy: LoadedPolicy;
  private readonly quotasEnabled: boolean;
  private readonly quotaStore: QuotaStore;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly screens = new Map<PolicyRule, HarmfulIntentScreen>();
  private readonly intentScreen: IntentScreenModule | undefined;

  constructor(options: ConstitutionalGatekeeperOptions) {
    this.policy = options.policy;
    this.quotasEnabled = options.quotasEnabled ?? true;
    this.quotaStore = options.quotaStore ?? new InMemoryQuotaStore();
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.intentScreen = options.intentScreen;
    for (const rule of options.policy.policy.rules) {
      if (rule.condition.type === "harmful_intent") {
        this.screens.set(rule, new HarmfulIntentScreen(options.data, rule.condition));
      }
    }
  }

  ready(): boolean {
    return true;
  }

  async evaluate(input: AdmissionInput, signal: AbortSignal): Promise<ConstitutionalOutcome> {
    signal.throwIfAborted();
    const tier = effectiveTier(input.principal, input.request);
    const warnings: string[] = [];
    let consciousness: ConstitutionalOutcome["consciousness"] = "allowed";

    for (const rule of this.policy.policy.rules) {
      signal.throwIfAborted();
      const condition = rule.condition;
      switch (condition.type) {
        case "min_tier": {
          const feature = advancedFeature(condition, input.options);
          if (feature === undefined || tier >= condition.min_tier) break;
          const reason = renderReason(rule.reason, { feature, min_tier: condition.min_tier, tier });
          if (rule.effect === "reject")
            return this.reject(input, rule.id, reason, rule.score ?? 0, warnings, consciousness);
          warnings.push(reason);
          break;
        }
        case "harmful_intent": {
          const texts: string[] = [];
          if (condition.fields.includes("seed")) texts.push(input.request.seed);
          const intent = input.request.context?.intent;
          if (condition.fields.includes("context.intent") && intent !== undefined) texts.push(intent);
          const reading = readingOf(input.request.context?.cultural_context);
          const phrase = this.screens.get(rule)!.find(texts, reading.languages);
          const classified = phrase === undefined ? this.classify(texts, condition.categories) : undefined;
          const finding = phrase ?? classified;
          if (finding === undefined) break;
          const rendered = renderReason(rule.reason, {
            category: finding.category,
            language: finding.language,
          });
          const reason = classified === undefined ? rendered : `${rendered} (${classified.model})`;
          const ruleId = `${rule.id}.${finding.category}`;
          if (rule.effect === "reject")
            return this.reject(input, ruleId, reason, rule.score ?? 0, warnings, consciousness);
          warnings.push(reason);
          break;
        }
        case "consent": {
          if (input.principal.consent.includes(condition.scope)) break;
          const reason = renderReason(rule.reason, { scope: condition.scope });
          if (rule.effect === "reject")
            return this.reject(input, rule.id, reason, rule.score ?? 0, warnings, consciousness);
          consciousness = "no_consent";
          warnings.push(reason);
          break;
        }
        case "quota": {
          if (!this.quotasEnabled) break;
          const refusal = await this.consumeQuota(input, rule, condition, signal);
          if (refusal !== undefined)
            return { ...refusal, warnings: [...warnings, ...refusal.warnings], consciousness };
          break;
        }
      }
    }
    return {
      status: "approved",
      reason: `approved under policy ${this.policy.policy.policy_id} ${this.policy.ref.version}`,
      score: 1,
      warnings,
      policy: this.policy.ref,
      consciousness,
    };
  }

  /**
   * The classifier's most confident hit in one of `categories`, over each text whole; its reason names the model
   * and score (never the words) so a refusal stays explainable.
   */
  private classify(
    texts: readonly string[],
    categories: readonly HarmfulCategory[],
  ): { category: HarmfulCategory; language: string; model: string } | undefined {
    if (this.intentScreen === undefined) return undefined;
    let best: IntentScreenFinding | undefined;
    for (const text of texts) {
      for (const finding of this.intentScreen.screen(text)) {
        if (!finding.hit || !categories.includes(finding.category)) continue;
        if (best === undefined || finding.score > best.score) best = finding;
      }
    }
    if (best === undefined) return undefined;
    const { id, version } = this.intentScreen;
    return {
      category: best.category,
      language: "any",
      model: `${id} ${version}, score ${best.score.toFixed(2)}`,
    };
  }

  private async consumeQuota(
    input: AdmissionInput,
    rule: PolicyRule,
    condition: QuotaCondition,
    signal: AbortSignal,
  ): Promise<ConstitutionalOutcome | undefined> {
    // Quotas follow the token's entitlement, not a lower tier_level the request chose to declare.
    const tierKey = String(
      Math.min(5, Math.max(1, input.principal.tier)),
    ) as keyof QuotaCondition["limits_by_tier"];
    const limit = condition.limits_by_tier[tierKey];
    const windowMs = condition.window_seconds * 1000;
    const decision = await raceSignal(
      this.quotaStore.consume(input.principal.sub, limit, windowMs, this.clock()),
      signal,
    );
    if (decision.allowed) return undefined;
    const reason = renderReason(rule.reason, {
      limit,
      window_seconds: condition.window_seconds,
      tier: tierKey,
      retry_after: decision.retryAfterSeconds,
    });
    const score = rule.score ?? 1;
    logRejection(this.logger, {
      gate: this.name,
      rule_id: rule.id,
      reason,
      score,
      user: input.principal.sub,
      policy_version: this.policy.ref.version,
      policy_digest: this.policy.ref.digest,
      retry_after_seconds: decision.retryAfterSeconds,
    });
    return {
      status: "rejected",
      reason,
      score,
      rule_id: rule.id,
      warnings: [],
      policy: this.policy.ref,
      consciousness: "allowed",
      retry_after_seconds: decision.retryAfterSeconds,
    };
  }

  private reject(
    input: AdmissionInput,
    ruleId: string,
    reason: string,
    score: number,
    warnings: string[],
    consciousness: ConstitutionalOutcome["consciousness"],
  ): ConstitutionalOutcome {
    logRejection(this.logger, {
      gate: this.name,
      rule_id: ruleId,
      reason,
      score,
      user: input.principal.sub,
      policy_version: this.policy.ref.version,
      policy_digest: this.policy.ref.digest,
    });
    return {
      status: "rejected",
      reason,
      score,
      rule_id: ruleId,
      warnings,
      policy: this.policy.ref,
      consciousness,
    };
  }
}

/** The first advanced feature the request uses that the rule gates, named for the reason text. */
function advancedFeature(condition: MinTierCondition, options: RequestOptions): string | undefined {
  const { features } = condition;
  if (features.artifact_types.includes(options.artifact_type))
    return `artifact_type ${options.artifact_type}`;
  if (features.entropy_sources.includes(options.entropy_source))
    return `entropy_source ${options.entropy_source}`;
  if (features.consensus_required && options.consensus_required) return "consensus_required";
  return undefined;
}
